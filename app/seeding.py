"""Loads reference data and scenarios from the files in seeds/; running twice changes nothing.

Everything is created through the domain services, so the seed leaves the same audit trail
as a person would (with "Systeem" as the actor).
"""

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from app.approvals.models import Decision
from app.auth.models import Role, User
from app.auth.services import create_user, normalise_email
from app.budgets.models import BudgetPlan
from app.budgets.seeding import load_budget_plan
from app.contracts.models import ContractStatus, FrameworkContract, Supplier
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.core.audit import apply_changes, record_create
from app.extensions import db
from app.programmes.models import Programme
from app.programmes.seeding import load_programme
from app.reference.models import Municipality, Segment, SegmentationScheme
from app.reference.services import add_reference_item, set_target_group_size
from app.steering.models import KpiDefinition, KpiDirection, KpiUnit
from app.steering.services import NormInput, sync_kpi_targets
from app.suppliers.services import create_supplier
from app.tenders.clause_models import StandardClause
from app.tenders.library_services import copy_requirements
from app.tenders.lot_services import add_lot, set_award_criteria
from app.tenders.models import Lot, TargetGroup, Tender, TenderStatus
from app.tenders.queries import library_for_lot
from app.tenders.requirement_models import Requirement, RequirementCategory, RequirementKind
from app.tenders.rules import lot_value
from app.tenders.services import create_tender, record_procedure_choice
from config import BASE_DIR

SEEDS_DIR = BASE_DIR / "seeds"


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, count: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + count

    @property
    def total(self) -> int:
        return sum(self.created.values())


def read_seed(name: str) -> Any:
    with open(SEEDS_DIR / name, encoding="utf-8") as seed_file:
        return yaml.safe_load(seed_file)


def find_one(model, **key):
    """The row of `model` with these values, or None: how a seed knows what is there."""
    return db.session.scalar(db.select(model).filter_by(**key))


def seed_municipality(actor: User | None, code: str, report: SeedReport) -> Municipality:
    """The municipality of seeds/municipalities.yaml, with the segmentation scheme it uses."""
    existing = find_one(Municipality, code=code)
    if existing is not None:
        return existing
    listed = read_seed("municipalities.yaml")
    row = next(row for row in listed["municipalities"] if row["code"] == code)
    scheme = find_one(SegmentationScheme, code=row["scheme"])
    if scheme is None:
        scheme_row = next(scheme for scheme in listed["schemes"] if scheme["code"] == row["scheme"])
        values = {key: scheme_row[key] for key in ("code", "name", "source")}
        scheme = add_reference_item(actor, SegmentationScheme, values=values)
        for position, segment in enumerate(scheme_row["segments"], start=1):
            values = {**segment, "scheme_id": scheme.id, "position": position}
            add_reference_item(actor, Segment, values=values)
        report.add("indelingen")
    values = {"code": code, "name": row["name"], "scheme_id": scheme.id}
    report.add("gemeenten")
    return add_reference_item(actor, Municipality, values=values)


def seed_target_groups(actor: User | None, seed: dict, report: SeedReport) -> None:
    """A municipality's target groups ({municipality, groups}), each with its segment (by
    code, in the municipality's scheme) and its expected sizes per year."""
    municipality = seed_municipality(actor, seed["municipality"], report)
    segments = dict(
        db.session.execute(
            db.select(Segment.code, Segment.id).filter_by(scheme_id=municipality.scheme_id)
        ).all()
    )
    for row in seed["groups"]:
        group = find_one(TargetGroup, code=row["code"])
        if group is None:
            values = {
                "code": row["code"],
                "name": row["name"],
                "description": row.get("description", ""),
                "municipality_id": municipality.id,
                "segment_id": segments[row["segment"]],
            }
            group = add_reference_item(actor, TargetGroup, values=values)
            report.add("doelgroepen")
        for size in row.get("sizes", []):
            if not any(known.year == size["year"] for known in group.sizes):
                set_target_group_size(actor, group, **size)
                report.add("verwachte omvang")


def seed_reference_data(actor: User | None, report: SeedReport) -> None:
    seed_target_groups(actor, read_seed("target_groups.yaml"), report)
    for position, row in enumerate(read_seed("kpi_definitions.yaml"), start=1):
        if find_one(KpiDefinition, code=row["code"]) is None:
            kpi = KpiDefinition(
                **{
                    **row,
                    "unit": KpiUnit(row["unit"]),
                    "direction": KpiDirection(row["direction"]),
                },
                position=position,
            )
            db.session.add(kpi)
            record_create(actor, kpi)
            report.add("prestatie-indicatoren")
    for row in read_seed("requirements.yaml"):
        if find_one(Requirement, code=row["code"]) is None:
            requirement = Requirement(
                code=row["code"],
                text=row["text"],
                kind=RequirementKind(row["kind"]),
                category=RequirementCategory(row["category"]),
                source=row.get("source", ""),
                target_groups=[find_one(TargetGroup, code=code) for code in row["target_groups"]],
            )
            db.session.add(requirement)
            record_create(actor, requirement)
            report.add("eisen in de bibliotheek")
    for position, row in enumerate(read_seed("standard_clauses.yaml"), start=1):
        if find_one(StandardClause, code=row["code"]) is None:
            values = {key: row[key] for key in ("code", "chapter", "title", "text")}
            add_reference_item(actor, StandardClause, values={**values, "position": position})
            report.add("standaardteksten")


def _seed_suppliers(actor: User | None, rows: list[dict], report: SeedReport) -> None:
    for row in rows:
        if find_one(Supplier, name=row["name"]) is None:
            main = row.get("main_contractor")
            create_supplier(
                actor,
                name=row["name"],
                description=row.get("description", ""),
                is_placeholder=row.get("placeholder", False),
                main_contractor=find_one(Supplier, name=main) if main else None,
            )
            report.add("aanbieders")


def furnish_lot(
    actor: User | None, lot: Lot, scenario: dict, *, tendered: bool, report: SeedReport
) -> None:
    """Give a new lot the library requirements that fit it and, if tendered, award criteria."""
    available = library_for_lot(lot)
    if available:
        copies = copy_requirements(actor, lot, [requirement.id for requirement in available])
        report.add("eisen in percelen", len(copies))
    if tendered:
        criteria = [
            {**row, "weight_percent": Decimal(row["weight_percent"])}
            for row in scenario["award_criteria"]
        ]
        set_award_criteria(
            actor, lot, criteria=criteria, lowest_price_motivation="", expected_version=lot.version
        )


def _seed_contract(
    actor: User | None, lot: Lot, row: dict, defaults: dict, start_on, report: SeedReport
) -> None:
    if find_one(FrameworkContract, reference=row["reference"]) is not None:
        return
    initial, options = defaults["initial_months"], defaults["option_months"]
    create_contract(
        actor,
        reference=row["reference"],
        lot=lot,
        supplier=find_one(Supplier, name=row["supplier"]),
        subcontractors=[find_one(Supplier, name=name) for name in row.get("subcontractors", [])],
        start_on=row.get("start_on", start_on),
        initial_months=initial,
        options=[OptionTerm(months, defaults["notice_months"]) for months in options],
        ceiling=None
        if lot.budget_per_year is None
        else lot_value(lot.budget_per_year, initial, options),
        status=ContractStatus(row["status"]),
        steering_interval_months=defaults["steering_interval_months"],
    )
    report.add("raamcontracten")


TENDER_DATES = ("publication_on", "questions_until", "answers_on", "closing_on")


def _seed_tender(actor: User | None, municipality: str, row: dict) -> Tender:
    """A scenario tender with its planning, terms, cited decisions and chosen procedure."""
    percent = row.get("social_return_percent")
    tender = create_tender(
        actor,
        municipality=municipality,
        values={
            "reference": row["reference"],
            "title": row["title"],
            "route": row["route"],
            "description": row.get("description", ""),
            **{name: row.get(name) for name in (*TENDER_DATES, "award_decision_on")},
            "contract_start_on": row["contract_start_on"],
            "social_return_percent": None if percent is None else Decimal(percent),
            "breach_notification_hours": row.get("breach_notification_hours"),
            "retention_years": row.get("retention_years"),
        },
        decisions=[find_one(Decision, reference=ref) for ref in row.get("decisions", [])],
    )
    if "procedure" in row:
        db.session.flush()
        record_procedure_choice(
            actor,
            tender,
            procedure=row["procedure"]["code"],
            motivation=row["procedure"]["motivation"],
            expected_version=tender.version,
        )
    return tender


def _lot_values(row: dict, defaults: dict) -> dict:
    def money(name: str) -> Decimal | None:
        return None if row.get(name) is None else Decimal(row[name])

    return {
        "number": row["number"],
        "title": row["title"],
        "target_group_id": find_one(TargetGroup, code=row["target_group"]).id,
        "target_group_profile": row.get("target_group_profile", ""),
        "scope": row.get("scope", ""),
        "internal_note": row.get("internal_note", ""),
        "budget_per_year": money("budget_per_year"),
        "planned_count": row.get("planned_count"),
        "unit_price": money("unit_price"),
        "payment_model": row.get("payment_model", "trajectory"),
        "start_fee": money("start_fee"),
        "result_fee": money("result_fee"),
        "cpv": row.get("cpv"),
        "initial_months": defaults["initial_months"],
        "option_months": defaults["option_months"],
        "notice_months": defaults["notice_months"],
    }


def seed_haarlem_2018(actor: User | None = None) -> SeedReport:
    report = SeedReport()
    seed_reference_data(actor, report)
    scenario = read_seed("haarlem-2018.yaml")
    defaults = scenario["contract_defaults"]
    _seed_suppliers(actor, scenario["suppliers"], report)
    for row in scenario["earlier_decisions"]:
        if find_one(Decision, reference=row["reference"]) is None:
            decision = Decision(**row)
            db.session.add(decision)
            record_create(actor, decision)
            report.add("eerdere besluiten")
    for row in scenario["tenders"]:
        tender = find_one(Tender, reference=row["reference"], title=row["title"])
        if tender is None:
            tender = _seed_tender(actor, scenario["municipality"], row)
            report.add("inkooptrajecten")
        for lot_row in row["lots"]:
            lot = find_one(Lot, tender_id=tender.id, number=lot_row["number"])
            if lot is None:
                lot = add_lot(actor, tender, values=_lot_values(lot_row, defaults))
                report.add("percelen")
                furnish_lot(actor, lot, scenario, tendered=row["route"] == "tender", report=report)
            if "contract" in lot_row:
                _seed_contract(
                    actor, lot, lot_row["contract"], defaults, row["contract_start_on"], report
                )
        # The decision history is not replayed step by step; the status change is logged.
        apply_changes(actor, tender, {"status": TenderStatus(row["status"])})
    _seed_norms(actor, scenario.get("norms", []), report)
    seed_budget_plans(
        actor, find_one(Municipality, name=scenario["municipality"]), scenario, report
    )
    return report


def seed_budget_plans(
    actor: User | None, municipality: Municipality, scenario: dict, report: SeedReport
) -> None:
    """The scenario's budget plans, each only if the municipality has none for its year."""
    for row in scenario.get("budget_plans", []):
        if find_one(BudgetPlan, municipality_id=municipality.id, year=row["year"]) is None:
            report.add("begrotingsregels", load_budget_plan(actor, municipality, row))
            report.add("begrotingen")


def seed_scenario(actor: User | None, name: str) -> SeedReport:
    """Another municipality's scenario (seeds/<name>.yaml): its target groups, suppliers,
    tenders by any route, budget plans and programme, beside whatever is loaded already."""
    report = SeedReport()
    scenario = read_seed(f"{name}.yaml")
    seed_target_groups(actor, scenario["target_groups"], report)
    municipality = find_one(Municipality, code=scenario["municipality"])
    _seed_suppliers(actor, scenario.get("suppliers", []), report)
    defaults = scenario["contract_defaults"]
    for row in scenario.get("tenders", []):
        tender = find_one(Tender, reference=row["reference"], title=row["title"])
        if tender is None:
            tender = _seed_tender(actor, municipality.name, row)
            for lot_row in row["lots"]:
                add_lot(actor, tender, values=_lot_values(lot_row, defaults))
                report.add("percelen")
            apply_changes(actor, tender, {"status": TenderStatus(row["status"])})
            report.add("inkooptrajecten")
    seed_budget_plans(actor, municipality, scenario, report)
    for row in scenario.get("programmes", []):
        if find_one(Programme, municipality_id=municipality.id, title=row["title"]) is None:
            report.add("normen van het programma", load_programme(actor, municipality, row))
            report.add("programma's")
    return report


def _seed_norms(actor: User | None, rows: list[dict], report: SeedReport) -> None:
    """Norms per lot ({kpi code: [norm, tolerance %]}), only where a lot has none yet."""
    kpis = {kpi.code: kpi.id for kpi in db.session.scalars(db.select(KpiDefinition))}
    for row in rows:
        tender = find_one(Tender, title=row["tender"])
        for number, norms in row["lots"].items():
            lot = find_one(Lot, tender_id=tender.id, number=number)
            if lot.kpi_targets:
                continue
            targets = {
                kpis[code]: NormInput(Decimal(norm), Decimal(tolerance))
                for code, (norm, tolerance) in norms.items()
            }
            sync_kpi_targets(actor, lot.kpi_targets, targets)
            report.add("normen", len(targets))


def seed_demo_users(actor: User | None = None) -> list[tuple[User, str | None]]:
    """One user per role; returns each with its new password, or None if it already existed."""
    users = []
    for row in read_seed("demo_users.yaml"):
        existing = find_one(User, email=normalise_email(row["email"]))
        if existing is not None:
            users.append((existing, None))
            continue
        password = secrets.token_urlsafe(12)
        user = create_user(
            actor, email=row["email"], name=row["name"], role=Role(row["role"]), password=password
        )
        users.append((user, password))
    return users
