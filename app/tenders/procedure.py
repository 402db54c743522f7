"""Procedure advice: which procedure a tender needs, and why (docs/design.md §2). Pure functions.

The rules (EU thresholds by date, light-regime CPV codes) are data in
seeds/procurement_rules.yaml, read once; the national bands below the EU threshold are
configuration of the municipality's own procurement policy.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

import yaml

from app.core.errors import ValidationFailed
from app.core.formatting import date_nl, eur
from app.tenders.cpv import under
from app.tenders.rules import estimated_value, lot_value
from config import BASE_DIR

SUB_CENTRAL, CENTRAL = "sub-central", "central"
LIGHT, STANDARD = "light", "standard"

PROCEDURE_LABELS = {
    "enkelvoudig_onderhands": "Enkelvoudig onderhands",
    "meervoudig_onderhands": "Meervoudig onderhands",
    "europees_openbaar": "Europees openbaar",
    "europees_verlicht_regime": "Europees, verlicht regime (sociale en andere specifieke diensten)",
}

# The six factors of the Gids Proportionaliteit, rule 3.4A, recorded as the motivation.
PROPORTIONALITY_FACTORS = {
    "size": "Omvang van de opdracht",
    "transaction_costs": "Transactiekosten voor aanbestedende dienst en ondernemers",
    "number_of_tenderers": "Aantal potentiële inschrijvers",
    "end_result": "Gewenste eindresultaat",
    "complexity": "Complexiteit van de opdracht",
    "contract_type_and_market": "Type opdracht en de markt",
}


@dataclass(frozen=True)
class Thresholds:
    valid_from: date
    services_sub_central: Decimal
    services_central: Decimal
    social_and_specific_services: Decimal
    works: Decimal


@dataclass(frozen=True)
class ProcurementRules:
    thresholds: list[Thresholds]
    light_regime_cpv: list[str]
    staffing_cpv: list[str]
    max_framework_months: int

    def thresholds_on(self, day: date) -> Thresholds:
        applicable = [t for t in self.thresholds if t.valid_from <= day]
        if not applicable:
            first = min(t.valid_from for t in self.thresholds)
            message = f"Voor publicatie vóór {date_nl(first)} zijn geen drempelbedragen vastgelegd."
            raise ValidationFailed(message, {"publication_on": [message]})
        return max(applicable, key=lambda t: t.valid_from)

    def is_light(self, cpv: str) -> bool:
        return any(under(cpv, category) for category in self.light_regime_cpv)

    def is_staffing(self, cpv: str) -> bool:
        return any(under(cpv, category) for category in self.staffing_cpv)


@cache
def procurement_rules() -> ProcurementRules:
    with open(BASE_DIR / "seeds" / "procurement_rules.yaml", encoding="utf-8") as rules_file:
        data = yaml.safe_load(rules_file)
    thresholds = [
        Thresholds(
            valid_from=row["valid_from"],
            **{
                key: Decimal(row[key])
                for key in (
                    "services_sub_central",
                    "services_central",
                    "social_and_specific_services",
                    "works",
                )
            },
        )
        for row in data["eu_thresholds"]
    ]
    return ProcurementRules(
        thresholds=thresholds,
        light_regime_cpv=data["light_regime_cpv"],
        staffing_cpv=data["staffing_cpv"],
        max_framework_months=data["max_framework_months"],
    )


@dataclass(frozen=True)
class LotInput:
    annual_value: Decimal
    cpv: str  # "79611000-0" or "79611000"
    label: str = ""


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True)
class Advice:
    estimated_value: Decimal
    regime: str
    threshold: Decimal
    above_threshold: bool
    procedure: str
    thresholds_valid_from: date
    warnings: list[Warning] = field(default_factory=list)

    @property
    def procedure_label(self) -> str:
        return PROCEDURE_LABELS[self.procedure]


def advise(
    *,
    lots: list[LotInput],
    initial_months: int,
    option_months: list[int],
    publication_on: date,
    authority: str = SUB_CENTRAL,
    single_quote_below: Decimal = Decimal("50000"),
    rules: ProcurementRules | None = None,
) -> Advice:
    """The procedure for these lots: all lots and every option count towards the value. Long because
    it follows the decision tree of the procedure choice step by step, with a warning where the tree
    asks for one."""
    rules = rules or procurement_rules()
    thresholds = rules.thresholds_on(publication_on)
    total = estimated_value([lot.annual_value for lot in lots], initial_months, option_months)
    # The main CPV is that of the largest lot; it decides the regime of the whole tender.
    main = max(lots, key=lambda lot: lot.annual_value)
    regime = LIGHT if rules.is_light(main.cpv) else STANDARD
    if regime == LIGHT:
        threshold = thresholds.social_and_specific_services
    elif authority == CENTRAL:
        threshold = thresholds.services_central
    else:
        threshold = thresholds.services_sub_central
    above = total >= threshold  # equal to the threshold counts as above it
    if above:
        procedure = "europees_verlicht_regime" if regime == LIGHT else "europees_openbaar"
    elif total < single_quote_below:
        procedure = "enkelvoudig_onderhands"
    else:
        procedure = "meervoudig_onderhands"

    warnings = []
    for number, lot in enumerate(lots, start=1):
        name = lot.label or f"Perceel {number}"
        if rules.is_staffing(lot.cpv) and not rules.is_light(lot.cpv):
            message = (
                f"{name}: CPV-code {lot.cpv} (werving of terbeschikkingstelling van personeel) "
                "valt niet onder het verlichte regime; voor gemeenten geldt dan de drempel van "
                f"{eur(thresholds.services_sub_central)}."
            )
            warnings.append(Warning("staffing_cpv", message))
        if above and lot_value(lot.annual_value, initial_months, option_months) < threshold:
            message = (
                f"{name} zou afzonderlijk onder de drempel van {eur(threshold)} blijven, maar de "
                "waarde van alle percelen telt mee: ook dit perceel volgt de Europese procedure."
            )
            warnings.append(Warning("lot_below_threshold", message))
    if len({rules.is_light(lot.cpv) for lot in lots}) > 1:
        message = (
            "De percelen vallen deels wel en deels niet onder het verlichte regime; de hoofd-CPV "
            f"{main.cpv} bepaalt het regime. Overweeg de percelen apart aan te besteden."
        )
        warnings.append(Warning("mixed_regime", message))
    total_months = initial_months + sum(option_months)
    if total_months > rules.max_framework_months:
        message = (
            f"Een raamovereenkomst duurt inclusief opties ten hoogste {rules.max_framework_months} "
            f"maanden (art. 2.140 Aw); deze duurt {total_months} maanden."
        )
        warnings.append(Warning("framework_too_long", message))
    return Advice(
        estimated_value=total,
        regime=regime,
        threshold=threshold,
        above_threshold=above,
        procedure=procedure,
        thresholds_valid_from=thresholds.valid_from,
        warnings=warnings,
    )
