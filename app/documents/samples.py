"""Sample contexts for checking uploaded templates: made by the real builders from unsaved
objects, so they always carry exactly the placeholders that generation provides."""

from datetime import date
from decimal import Decimal

from app.documents.builders import build_collegevoorstel_context, build_pve_context
from app.steering.models import KpiTarget
from app.tenders.models import (
    AwardCriterion,
    CriterionKind,
    Lot,
    LotRequirement,
    RequirementCategory,
    RequirementKind,
    TargetGroup,
    Tender,
)
from app.tenders.procedure import PROPORTIONALITY_FACTORS, LotInput, advise

SAMPLE_DAY = date(2026, 1, 1)


def sample_pve_context() -> dict:
    lot = Lot(
        number=1,
        title="Voorbeeldperceel",
        target_group=TargetGroup(code="voorbeeld", name="Voorbeelddoelgroep"),
        scope="Begeleiding naar werk & participatie <voorbeeld>.",
        budget_per_year=Decimal("100000.00"),
        planned_count=20,
        unit_price=Decimal("5000.00"),
        cpv="79611000-0",
        initial_months=24,
        option_months=[12, 12],
        notice_months=3,
        lowest_price_motivation="",
        requirements=[
            LotRequirement(text="Voorbeeldeis", kind=kind, category=category, position=position)
            for position, (kind, category) in enumerate(
                [
                    (RequirementKind.KNOCKOUT, RequirementCategory.GENERAL),
                    (RequirementKind.AWARD, RequirementCategory.TARGET_GROUP),
                    (RequirementKind.WISH, RequirementCategory.QUALITY),
                    (RequirementKind.KNOCKOUT, RequirementCategory.PRIVACY),
                ],
                start=1,
            )
        ],
        award_criteria=[
            AwardCriterion(name="Prijs", kind=CriterionKind.PRICE, weight_percent=Decimal(40)),
            AwardCriterion(
                name="Kwaliteit", kind=CriterionKind.QUALITY, weight_percent=Decimal(60)
            ),
        ],
    )
    lot.kpi_targets = [
        KpiTarget(kpi_definition_id=1, target_value=Decimal(20), tolerance_percent=Decimal(10))
    ]
    tender = Tender(
        reference="2026/000001",
        title="Voorbeeldaanbesteding",
        municipality="Voorbeeldstad",
        description="Voorbeeld",
        procedure="europees_verlicht_regime",
        procedure_motivation={factor: "Voorbeeld" for factor in PROPORTIONALITY_FACTORS},
        publication_on=SAMPLE_DAY,
        closing_on=date(2026, 2, 1),
        contract_start_on=date(2026, 4, 1),
        lots=[lot],
    )
    advice = advise(
        lots=[LotInput(lot.budget_per_year, lot.cpv)],
        initial_months=24,
        option_months=[12, 12],
        publication_on=SAMPLE_DAY,
    )
    return build_pve_context(
        tender,
        advice=advice,
        kpi_names={1: ("Gestarte trajecten", "count")},
        version=1,
        author="Voorbeeld",
        generated_on=SAMPLE_DAY,
        steering_interval_months=6,
    )


def sample_collegevoorstel_context() -> dict:
    """Every placeholder of the collegevoorstel, with text that must survive escaping."""
    snapshot = {
        "rows": [["Contract", "2017/532748-IB · Inkoop Pasmatch"], ["Opdrachtnemer", "A & B <bv>"]],
        "finance": {
            "lines": [
                {"label": "Voorbeeldperceel", "target_group": "Doelgroep", "amount": "€ 1,00"}
            ],
            "total": "€ 1,00",
            "note": "Bedragen per jaar, exclusief btw.",
        },
        "evidence": {
            "kpis": [
                {
                    "name": "Gestarte trajecten & <meer>",
                    "moment": "moment 1",
                    "period_end": "30 juni 2026",
                    "value": "12",
                    "norm": "30",
                    "rating": "Rood",
                    "rating_code": "red",
                    "previous": "—",
                    "trend": "eerste meting",
                }
            ],
            "open_actions": [
                {
                    "text": "Bellen & <mailen>",
                    "owner": "A",
                    "due_on": "1 juli 2026",
                    "overdue": True,
                }
            ],
            "money": [["Kosten van deze verlenging (12 maanden)", "€ 1,00"]],
            "over_ceiling": False,
            "warning": "Let op: bijsturingsmoment 2 (uiterlijk 31 januari 2027) is niet "
            "vastgelegd & <dus> onvolledig.",
            "summary": "1 bijsturingsmoment vastgelegd; 1 open afspraak.",
        },
        "proposal": {
            "registration_number": "2026/000001",
            "short_title": "Voorbeeld",
            "key_message": "Kern & boodschap <voorbeeld>",
            "committee_proposal": "N.v.t.",
            "earlier_decisions": [
                {"citation": 'Nota "Voorbeeld" (2016/000001) in de raad', "url": ""}
            ],
            "decision_points": ["Eerste besluitpunt"],
            "introduction": "Inleiding",
            "intended_result": "Resultaat",
            "arguments": "Argument",
            "communication": "Communicatie",
            "risks": "Risico",
            "implementation": "Uitvoering",
            "annexes": ["Bijlage"],
        },
    }
    return build_collegevoorstel_context(
        snapshot,
        title="Voorbeeldvoorstel",
        subject="Verlenging",
        municipality="Voorbeeldstad",
        requester="Voorbeeldgebruiker",
        submitted_on=date(2026, 1, 1),
    )
