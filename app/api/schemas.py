"""The API's response models: the serializers build them, /api/v1/openapi.json describes
them."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field

from app.api.fields import Money, Response, Timestamp, values_of
from app.approvals.models import ApprovalStatus, ApprovalSubject
from app.budgets.models import BudgetSide, LineKind
from app.contracts.statuses import ContractStatus, OptionStatus
from app.steering.models import MomentStatus, SteeringDecision
from app.tenders.models import Route, TenderStatus


class ErrorDetail(Response):
    code: str
    message: str
    request_id: str | None = None
    fields: dict[str, list[str]] | None = None


class Error(Response):
    error: ErrorDetail


class TargetGroupRef(Response):
    code: str
    name: str


class Lot(Response):
    id: int
    number: int
    title: str
    target_group: TargetGroupRef
    budget_per_year_eur: Money | None = Field(description="null: nog te bepalen (ntb)")
    planned_count: int | None
    unit_price_eur: Money | None
    cpv: str | None
    initial_months: int
    option_months: list[int]
    notice_months: int


class Tender(Response):
    id: int
    reference: str
    title: str
    route: values_of(Route)
    status: values_of(TenderStatus)
    municipality: str
    publication_on: date | None
    closing_on: date | None
    contract_start_on: date | None
    lots: list[Lot]


class BudgetLine(Response):
    label: str
    amount_eur: Money | None
    lot_id: int


class BudgetOverview(Response):
    year: int
    lines: list[BudgetLine]
    total_eur: Money


class BudgetPlanLine(Response):
    name: str
    amount_eur: Money | None = Field(description="null: nog te bepalen (ntb)")
    kind: values_of(LineKind)


class BudgetPlanGroup(Response):
    name: str
    side: values_of(BudgetSide)
    total_eur: Money = Field(description="som van de regels met een bedrag")
    lines: list[BudgetPlanLine]


class BudgetDiscrepancy(Response):
    line: str
    printed_eur: Money = Field(description="zoals de bron het afdrukt")
    computed_eur: Money = Field(description="de som van de regels eronder")
    difference_eur: Money = Field(description="berekend min afgedrukt")


class BudgetPlan(Response):
    municipality: str
    year: int
    income_total_eur: Money
    spending_total_eur: Money
    balance_eur: Money
    groups: list[BudgetPlanGroup]
    discrepancies: list[BudgetDiscrepancy]


class KpiResult(Response):
    kpi: str
    value: str
    target: str | None
    rating: Literal["green", "amber", "red"] | None
    note: str


class Action(Response):
    text: str
    owner: str
    due_on: date
    status: str


class SteeringMoment(Response):
    id: int
    sequence: int
    period_start_on: date
    period_end_on: date
    due_on: date
    status: values_of(MomentStatus)
    version: int
    held_on: date | None
    findings: str
    decision: values_of(SteeringDecision) | None
    kpi_results: list[KpiResult]
    actions: list[Action]


class Party(Response):
    id: int
    name: str


class Option(Response):
    number: int
    months: int
    notice_deadline_on: date
    warning_on: date
    status: values_of(OptionStatus)


class Amendment(Response):
    amended_on: date
    rationale: str
    value_change_eur: Money


class Spend(Response):
    period_start_on: date
    period_end_on: date
    amount_eur: Money
    trajectories_started: int | None


class ContractSummary(Response):
    """A contract in a list: its terms and options; its history is at `url`."""

    id: int
    url: str
    reference: str
    status: values_of(ContractStatus)
    supplier: Party
    lot_id: int
    start_on: date
    signed_on: date | None
    initial_end_on: date
    current_end_on: date
    latest_end_on: date
    ceiling_eur: Money | None
    options: list[Option]


class Contract(ContractSummary):
    subcontractors: list[Party]
    steering_moments: list[SteeringMoment]
    amendments: list[Amendment]
    spend: list[Spend]


class Warning(Response):
    code: str
    message: str


class ProcedureAdvice(Response):
    estimated_value_eur: Money
    regime: Literal["light", "standard"]
    threshold_eur: Money
    above_threshold: bool
    procedure: Literal[
        "enkelvoudig_onderhands",
        "meervoudig_onderhands",
        "europees_openbaar",
        "europees_verlicht_regime",
    ]
    thresholds_valid_from: date
    warnings: list[Warning]


class SnapshotRow(Response):
    label: str
    value: str


class Attachment(Response):
    id: int
    kind: str
    filename: str
    url: str


class ApprovalRequest(Response):
    id: int
    subject: values_of(ApprovalSubject)
    status: values_of(ApprovalStatus)
    title: str
    version: int
    submitted_at: Timestamp
    decided_at: Timestamp | None
    remark: str
    snapshot: list[SnapshotRow]
    documents: list[Attachment]


class ApprovalRequestSummary(Response):
    id: int
    subject: values_of(ApprovalSubject)
    status: values_of(ApprovalStatus)
    title: str
    submitted_at: Timestamp
    decided_at: Timestamp | None
    url: str = Field(description="het verzoek met zijn vastgelegde inhoud en bijlagen")


class DocumentCreated(Response):
    document_id: int
    download_url: str


class OptionState(Response):
    number: int
    status: values_of(OptionStatus)


class OptionDecisionResult(Response):
    option: OptionState
    contract: Contract


class Page(Response):
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=500)
    total: int = Field(ge=0)
    next: str | None = Field(description="de volgende pagina, of null")


class TenderPage(Page):
    items: list[Tender]


class ContractPage(Page):
    items: list[ContractSummary]


class ApprovalRequestPage(Page):
    items: list[ApprovalRequestSummary]


class ContractRef(Response):
    id: int
    reference: str
    lot: str


class OptionSignal(Response):
    contract: ContractRef
    number: int
    warning_on: date
    notice_deadline_on: date


class MomentSignal(Response):
    contract: ContractRef
    id: int
    sequence: int
    due_on: date


class ActionSignal(Response):
    contract_id: int
    text: str
    owner: str
    due_on: date


class RedKpiSignal(Response):
    contract_id: int
    steering_moment_id: int
    kpi: str
    value: str
    target: str | None


class OverBudgetSignal(Response):
    contract_id: int
    reference: str
    year: int
    spent_eur: Money
    budget_eur: Money


class EndingSignal(Response):
    contract: ContractRef
    current_end_on: date


class Signals(Response):
    """Per kind the most urgent `per_page` signals of page `page`, with the total per kind."""

    count: int = Field(ge=0)
    totals: dict[str, Annotated[int, Field(ge=0)]]
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=500)
    next: str | None = Field(description="de volgende pagina, of null")
    options: list[OptionSignal]
    overdue_steering_moments: list[MomentSignal]
    overdue_actions: list[ActionSignal]
    red_kpis: list[RedKpiSignal]
    over_budget: list[OverBudgetSignal]
    ending_contracts: list[EndingSignal]


class ReleasePackage(Response):
    """The frame of an OCDS 1.1 release package; its content follows OCDS's own
    release-package-schema.json (validated in the tests)."""

    uri: str
    version: Literal["1.1"]
    publishedDate: Annotated[str, Field(json_schema_extra={"format": "date-time"})]
    publisher: dict[str, Any]
    extensions: list[str] = []
    releases: list[dict[str, Any]]
    links: dict[str, str] | None = None
