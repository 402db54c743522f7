"""Sample contexts for checking uploaded templates: made by the real builders from unsaved
objects, so they always carry exactly the placeholders that generation provides."""

from datetime import date
from decimal import Decimal

from app.approvals.models import Decision
from app.documents.builders import build_pve_context
from app.documents.collegevoorstel import build_collegevoorstel_context
from app.steering.models import KpiDefinition, KpiDirection, KpiTarget, KpiUnit, NormBasis
from app.tenders.clause_models import ClauseChapter, TenderClause
from app.tenders.models import (
    AwardCriterion,
    CriterionKind,
    Lot,
    PriceMethod,
    TargetGroup,
    Tender,
    TenderNotice,
)
from app.tenders.payment import PaymentModel
from app.tenders.procedure import LotInput, advise
from app.tenders.requirement_models import LotRequirement, RequirementCategory, RequirementKind

SAMPLE_DAY = date(2026, 1, 1)


def sample_pve_context() -> dict:
    """Every placeholder and branch of the PvE: all chapters filled, a nota van inlichtingen,
    the CONCEPT mark, and text that must survive escaping. Long because it is sample data: one
    literal covering every placeholder."""
    text = "Begeleiding naar werk & participatie <voorbeeld> “€ 1.000”."
    lot = Lot(
        number=1,
        title="Voorbeeldperceel",
        target_group=TargetGroup(code="voorbeeld", name="Voorbeelddoelgroep"),
        target_group_profile=text,
        scope=text,
        budget_per_year=Decimal("100000.00"),
        planned_count=20,
        unit_price=Decimal("5000.00"),
        payment_model=PaymentModel.START_AND_RESULT,
        start_fee=Decimal("1500.00"),
        result_fee=Decimal("3500.00"),
        result_share_percent=None,
        intake_days=10,
        plan_weeks=4,
        aftercare_months=6,
        report_back_days=2,
        lasting_outflow_months=6,
        price_method=PriceMethod.RELATIVE,
        cpv="79611000-0",
        initial_months=24,
        option_months=[12, 12],
        notice_months=3,
        lowest_price_motivation="",
        requirements=[
            LotRequirement(text=text, kind=kind, category=category, position=position)
            for position, (kind, category) in enumerate(
                [
                    (RequirementKind.KNOCKOUT, RequirementCategory.GENERAL),
                    (RequirementKind.AWARD, RequirementCategory.TARGET_GROUP),
                    (RequirementKind.WISH, RequirementCategory.QUALITY),
                    (RequirementKind.KNOCKOUT, RequirementCategory.PRIVACY),
                    (RequirementKind.KNOCKOUT, RequirementCategory.REPORTING),
                    (RequirementKind.KNOCKOUT, RequirementCategory.SOCIAL_RETURN),
                ],
                start=1,
            )
        ],
        award_criteria=[
            AwardCriterion(
                name="Prijs", kind=CriterionKind.PRICE, weight_percent=Decimal(40), description=""
            ),
            AwardCriterion(
                name="Kwaliteit",
                kind=CriterionKind.QUALITY,
                weight_percent=Decimal(60),
                description=text,
            ),
        ],
    )
    lot.kpi_targets = [
        KpiTarget(
            kpi_definition_id=1,
            target_value=Decimal(20),
            tolerance_percent=Decimal(10),
            basis=NormBasis.ABSOLUTE,
        )
    ]
    tender = Tender(
        reference="2026/000001",
        title="Voorbeeldaanbesteding",
        municipality="Voorbeeldstad",
        description=text,
        procedure="europees_verlicht_regime",
        publication_on=SAMPLE_DAY,
        questions_until=date(2026, 1, 15),
        answers_on=date(2026, 1, 22),
        closing_on=date(2026, 2, 1),
        award_decision_on=date(2026, 2, 20),
        contract_start_on=date(2026, 4, 1),
        social_return_percent=Decimal(5),
        breach_notification_hours=24,
        retention_years=7,
        lots=[lot],
        decisions=[
            Decision(
                reference="2026/000000",
                title=text,
                body="de gemeenteraad",
                decided_on=SAMPLE_DAY,
            )
        ],
        clauses=[
            TenderClause(chapter=chapter, title=chapter.label, text=f"{text}\nTweede alinea.")
            for chapter in ClauseChapter
        ],
        notices=[
            TenderNotice(
                number=1,
                issued_on=SAMPLE_DAY,
                summary=text,
                changes=[{"subject": "Perceel 1", "field": "budget", "before": "a", "after": "b"}],
            )
        ],
    )
    advice = advise(
        lots=[LotInput(lot.budget_per_year, lot.cpv)],
        initial_months=24,
        option_months=[12, 12],
        publication_on=SAMPLE_DAY,
    )
    kpi = KpiDefinition(
        id=1,
        code="voorbeeld",
        name="Gestarte trajecten",
        description=text,
        measured_when=text,
        unit=KpiUnit.COUNT,
        direction=KpiDirection.HIGHER_IS_BETTER,
        position=1,
    )
    return build_pve_context(
        tender,
        advice=advice,
        kpis={1: kpi},
        version=1,
        generated_on=SAMPLE_DAY,
        steering_interval_months=6,
        max_framework_months=48,
        concept=True,
    )


def sample_collegevoorstel_context() -> dict:
    """Every placeholder of the collegevoorstel, with text that must survive escaping. Long because
    it is sample data: one literal covering every placeholder."""
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
