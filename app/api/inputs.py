"""The API's request models: every request body and query is read through one of these
(app/api/validation.py), and /api/v1/openapi.json describes them."""

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
)

from app.api.fields import Figure, MoneyInput, Months, Pattern, Query, Request, Text, values_of
from app.approvals.models import ApprovalStatus
from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS
from app.steering.models import MomentStatus, SteeringDecision
from app.steering.rules import figure_problem
from app.tenders.cpv import normalise_cpv
from app.tenders.forms import REFERENCE_PATTERN
from app.tenders.models import Route
from app.tenders.procedure import CENTRAL, SUB_CENTRAL


class TenderInput(Request):
    refusal: ClassVar[str] = "Het inkooptraject klopt niet."

    reference: Pattern(
        REFERENCE_PATTERN, "Gebruik het formaat JJJJ/NNNNNN, bijv. 2017/532748.", "2017/532748"
    )
    title: Annotated[str, Field(min_length=1, max_length=300)]
    route: values_of(Route)
    description: Text = ""
    publication_on: date | None = None
    questions_until: date | None = None
    answers_on: date | None = None
    closing_on: date | None = None
    award_decision_on: date | None = None
    contract_start_on: date | None = None
    social_return_percent: Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)] | None = None
    breach_notification_hours: Annotated[int, Field(ge=1, le=720)] | None = None
    retention_years: Annotated[int, Field(ge=1, le=99)] | None = None


class LotEstimate(Request):
    annual_value_eur: MoneyInput
    cpv: Annotated[
        str, Field(examples=["79611000-0"], max_length=20), AfterValidator(normalise_cpv)
    ]


class ProcedureAdviceRequest(Request):
    refusal: ClassVar[str] = "De aanvraag voor een procedure-advies klopt niet."

    authority: Literal[SUB_CENTRAL, CENTRAL] | None = Field(
        None, description="standaard: de ingestelde aanbestedende dienst"
    )
    publication_on: date | None = Field(None, description="standaard: vandaag")
    initial_months: Months
    option_months: list[Months] = []
    lots: Annotated[list[LotEstimate], Field(min_length=1)]


class KpiResultInput(Request):
    kpi: str = Field(description="code van de prestatie-indicator")
    value: Figure
    note: Text = ""

    @field_validator("kpi")
    @classmethod
    def known_kpi(cls, code: str, info: ValidationInfo) -> str:
        units = (info.context or {}).get("kpi_units", {})
        if code not in units:
            raise ValueError(f"Kies een van: {', '.join(sorted(units))}.")
        return code

    @field_validator("value")
    @classmethod
    def fitting_figure(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        unit = (info.context or {}).get("kpi_units", {}).get(info.data.get("kpi"))
        if unit is not None and (problem := figure_problem(value, unit)):
            raise ValueError(problem)
        return value


class ActionInput(Request):
    text: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"\S")]
    owner: Annotated[str, Field(max_length=200)] = ""
    due_on: date


class SteeringMomentInput(Request):
    refusal: ClassVar[str] = "Het bijsturingsmoment klopt niet."

    held_on: date | None = None
    results: list[KpiResultInput]
    findings: Text = ""
    decision: values_of(SteeringDecision) | None = None
    significant: bool = False
    outcome: Literal[tuple(s.value for s in MomentStatus if s != MomentStatus.SCHEDULED)] | None = (
        None
    )
    actions: list[ActionInput] = []
    version: int = Field(description="versie van het bijsturingsmoment dat u las")


class OptionDecision(Request):
    refusal: ClassVar[str] = "Het besluit klopt niet."

    decided_on: date | None = Field(None, description="standaard: vandaag")
    rationale: Text = ""
    version: int = Field(description="versie van het contract dat u las")


ProposalInput = create_model(
    "ProposalInput",
    __base__=Request,
    __doc__="De teksten van het collegevoorstel, zoals op het formulier.",
    registration_number=(str, Field(examples=["2026/123456"])),
    short_title=(str, ...),
    **{name: (Text, "") for name in PROPOSAL_TEXTS},
    **{name: (list[str], []) for name in PROPOSAL_LISTS},
)


class ExtensionRequest(Request):
    refusal: ClassVar[str] = "Het verzoek tot verlenging klopt niet."

    rationale: Text = ""
    proposal: ProposalInput  # type: ignore[valid-type]
    earlier_decisions: list[Annotated[str, Field(examples=["BBV2017/261113"])]] = []


class ApprovalDecision(Request):
    refusal: ClassVar[str] = "Het besluit klopt niet."

    approve: bool
    decided_on: date | None = Field(None, description="standaard: vandaag")
    remark: Text = Field("", description="verplicht bij afwijzen")
    version: int = Field(description="versie van het verzoek dat u las")


class PageQuery(Query):
    """?page=&per_page= on every collection (app/api/paging.py)."""

    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=500)] = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


class ApprovalPageQuery(PageQuery):
    """A page of the approval requests, of one status if asked."""

    status: values_of(ApprovalStatus) | None = None


class YearQuery(Query):
    """?year=&municipality= of the budget overview."""

    year: Annotated[int, Field(ge=2000, le=2100, description="standaard: dit jaar")] | None = None
    municipality: (
        Annotated[str, Field(min_length=1, max_length=100, description="standaard: de eigen")]
        | None
    ) = None


class BudgetPlanQuery(Query):
    """?municipality=&year= of one budget plan."""

    municipality: Annotated[str, Field(min_length=1, max_length=100, description="bijv. Haarlem")]
    year: Annotated[int, Field(ge=2000, le=2100)]
