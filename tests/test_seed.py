"""The Haarlem 2018 scenario: exact figures, structure and idempotency."""

from datetime import date
from decimal import Decimal

from app.contracts.models import ContractStatus, FrameworkContract, Supplier
from app.core.audit import AuditEvent
from app.core.dates import term_end
from app.extensions import db
from app.models import KpiDefinition, Lot, Requirement, SteeringMoment, TargetGroup, Tender
from app.scale_data import seed_scale
from app.seeding import seed_haarlem_2018
from app.tenders.models import Route, TenderStatus
from app.tenders.year_budgets import budget_overview

BEGROOT_2018 = [
    ("Zzp", Decimal("40200.00")),
    ("Statushouders", Decimal("663075.00")),
    ("Ex-gedetineerden", Decimal("142087.50")),
    ("Pro/VSO jongeren, mbo1 en entree", Decimal("355218.75")),
    ("MBO1", None),
    ("Special 50+", Decimal("23681.25")),
    ("Inkoop Pasmatch", Decimal("1827301.14")),
]


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def contract(reference: str) -> FrameworkContract:
    return db.session.scalar(db.select(FrameworkContract).filter_by(reference=reference))


def test_budget_2018_has_the_seven_lines_of_the_decision_and_their_exact_total(haarlem):
    overview = budget_overview(2018, "Haarlem")
    assert [(line.label, line.amount) for line in overview.lines] == BEGROOT_2018
    assert overview.total == Decimal("3051563.64")
    assert overview.has_undetermined  # MBO1 is "ntb", not zero


def test_budget_lines_belong_to_the_years_the_contracts_run(haarlem):
    assert len(budget_overview(2019, "Haarlem").lines) == 7
    assert budget_overview(2017, "Haarlem").lines == []


def test_main_tender_and_routes(haarlem):
    main = db.session.scalar(db.select(Tender).filter_by(route=Route.TENDER))
    assert (main.reference, main.title, main.municipality) == (
        "2017/532748",
        "Re-integratie specifieke doelgroepen 2018–2019",
        "Haarlem",
    )
    assert [lot.number for lot in main.lots] == [1, 2, 3, 4, 5, 6]
    in_house = db.session.scalar(db.select(Tender).filter_by(route=Route.IN_HOUSE))
    assert in_house.lots[0].budget_per_year == Decimal("1827301.14")
    referral = db.session.scalar(db.select(Tender).filter_by(route=Route.REFERRAL))
    assert referral.lots[0].budget_per_year is None
    assert referral.lots[0].target_group.code == "direct_bemiddelbaren"
    budgeted = {line.lot_id for line in budget_overview(2018, "Haarlem").lines}
    assert referral.lots[0].id not in budgeted


def test_suppliers_and_subcontracting(haarlem):
    agros = db.session.scalar(db.select(Supplier).filter_by(name="Agros"))
    assert agros.main_contractor.name == "Pasmatch"
    youth = contract("2017/532748-4")
    assert youth.supplier.name == "Pasmatch"
    assert [s.name for s in youth.subcontractors] == ["Agros"]
    for reference in ("2017/532748-2", "2017/532748-3", "2017/532748-5"):
        assert contract(reference).supplier.is_placeholder
        assert contract(reference).supplier.name == "Nog te contracteren"
    assert contract("2017/532748-6").supplier.name == "Stichting Hetisnetwerken"
    assert contract("2017/532748-1").supplier.name == "155-Help een bedrijf"


def test_contract_terms(haarlem):
    statushouders = contract("2017/532748-2")
    assert statushouders.start_on == date(2018, 2, 1)
    assert statushouders.initial_end_on == date(2020, 1, 31)
    assert statushouders.latest_end_on == date(2022, 1, 31)
    pasmatch = contract("2017/532748-IB")
    assert pasmatch.start_on == date(2018, 1, 1)
    assert pasmatch.initial_end_on == date(2019, 12, 31)
    assert [(o.months, o.notice_months) for o in pasmatch.options] == [(12, 3), (12, 3)]
    assert pasmatch.ceiling == Decimal("7309204.56")  # 4 years of budget incl. options
    assert contract("2017/532748-5").ceiling is None  # MBO1: ntb


def test_active_contracts_have_their_steering_moments(haarlem):
    pasmatch = contract("2017/532748-IB")
    assert pasmatch.status == ContractStatus.ACTIVE
    assert [m.due_on for m in pasmatch.steering_moments] == [
        date(2018, 7, 31),
        date(2019, 1, 31),
        date(2019, 7, 31),
        date(2020, 1, 31),
    ]
    assert contract("2017/532748-2").steering_moments == []  # not yet contracted


def test_every_lot_with_a_budget_carries_norms_so_results_are_rated(haarlem):
    lots = db.session.scalars(db.select(Lot).where(Lot.budget_per_year.is_not(None))).all()
    assert lots and all(lot.kpi_targets for lot in lots)
    pasmatch = contract("2017/532748-IB")
    norms = {t.kpi_definition.code: t.target_value for t in pasmatch.effective_kpi_targets.values()}
    assert norms["started"] == 120 and norms["dropout"] == 15
    units = {kpi.unit.value for kpi in db.session.scalars(db.select(KpiDefinition))}
    assert units == {"count", "eur"}
    assert all(
        kpi.description and kpi.measured_when
        for kpi in db.session.scalars(db.select(KpiDefinition))
    )


def test_reference_data(haarlem):
    codes = set(db.session.scalars(db.select(TargetGroup.code)))
    assert {
        "statushouders",
        "vijftigplussers",
        "ex_gedetineerden",
        "jongeren_pro_vso",
        "zzp",
        "direct_bemiddelbaren",
        "overbrugbaar",
        "evc",
    } == codes
    kpis = list(db.session.scalars(db.select(KpiDefinition.code).order_by(KpiDefinition.position)))
    assert kpis == [
        "started",
        "outflow_fulltime",
        "outflow_parttime",
        "outflow_temporary",
        "dropout",
        "referred_back",
        "spend",
    ]
    for code in codes - {"overbrugbaar"}:
        group = db.session.scalar(db.select(TargetGroup).filter_by(code=code))
        assert db.session.scalar(
            db.select(db.func.count())
            .select_from(Requirement)
            .where(Requirement.target_groups.contains(group))
        ), f"no requirements for {code}"


def test_seeding_twice_changes_nothing(haarlem):
    before = row_counts()
    report = seed_haarlem_2018()
    db.session.commit()
    assert report.total == 0
    assert row_counts() == before


def test_seed_is_audited_as_the_system(haarlem):
    lots = db.session.scalar(db.select(db.func.count()).select_from(Lot))
    created = db.session.scalar(
        db.select(db.func.count()).where(
            AuditEvent.object_type == "Lot", AuditEvent.action == "create"
        )
    )
    assert lots == created == 8
    names = set(db.session.scalars(db.select(AuditEvent.actor_name)))
    assert names == {"Systeem"}
    assert db.session.scalar(db.select(db.func.count()).select_from(SteeringMoment)) == 16


def test_budget_lines_of_a_year_match_every_lot_checked_one_by_one(haarlem):
    """The year's lines are read from the tenders that can run in it (by the longest term);
    the result must equal checking every lot's own term."""
    seed_scale(40, today=date(2026, 11, 23))
    main = db.session.scalar(db.select(Tender).filter_by(route=Route.TENDER))
    main.contract_start_on = date(2015, 6, 15)
    main.lots[0].initial_months = 48  # runs to 14 June 2019, the others to 14 June 2017
    db.session.commit()
    every_lot = db.session.scalars(
        db.select(Lot)
        .join(Lot.tender)
        .where(Tender.route != Route.REFERRAL, Tender.status != TenderStatus.WITHDRAWN)
        .order_by(Tender.id, Lot.number)
    ).all()
    for year in range(2014, 2029):
        for municipality in {lot.tender.municipality for lot in every_lot}:
            expected = [
                lot.id
                for lot in every_lot
                if lot.tender.municipality == municipality
                and lot.tender.contract_start_on
                and lot.tender.contract_start_on <= date(year, 12, 31)
                and term_end(lot.tender.contract_start_on, lot.initial_months) >= date(year, 1, 1)
            ]
            shown = [line.lot_id for line in budget_overview(year, municipality).lines]
            assert shown == expected, (year, municipality)
