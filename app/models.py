"""Imports every domain's models so that metadata (and Alembic) sees all tables."""

from app.approvals.models import ApprovalRequest
from app.auth.models import ApiToken, User
from app.budgets.models import BudgetGroup, BudgetLine, BudgetPlan
from app.contracts.models import Amendment, ExtensionOption, FrameworkContract, Spend, Supplier
from app.core.audit import AuditEvent
from app.documents.models import Document, DocumentTemplate
from app.jobs.models import Job
from app.programmes.models import (
    Objective,
    Programme,
    ProgrammeNorm,
    Realisation,
    ReportingMoment,
)
from app.reference.models import Municipality, Segment, SegmentationScheme, TargetGroupSize
from app.steering.models import Action, KpiDefinition, KpiResult, KpiTarget, SteeringMoment
from app.tenders.clause_models import StandardClause, TenderClause
from app.tenders.joint_models import LotBudget
from app.tenders.models import (
    AwardCriterion,
    Bid,
    BidScore,
    Lot,
    TargetGroup,
    Tender,
    TenderNotice,
)
from app.tenders.requirement_models import LotRequirement, Requirement

__all__ = [
    "Action",
    "Amendment",
    "ApiToken",
    "ApprovalRequest",
    "AuditEvent",
    "AwardCriterion",
    "Bid",
    "BidScore",
    "BudgetGroup",
    "BudgetLine",
    "BudgetPlan",
    "Document",
    "DocumentTemplate",
    "ExtensionOption",
    "FrameworkContract",
    "Job",
    "KpiDefinition",
    "KpiResult",
    "KpiTarget",
    "Lot",
    "LotBudget",
    "LotRequirement",
    "Municipality",
    "Objective",
    "Programme",
    "ProgrammeNorm",
    "Realisation",
    "ReportingMoment",
    "Requirement",
    "Segment",
    "SegmentationScheme",
    "Spend",
    "StandardClause",
    "SteeringMoment",
    "Supplier",
    "TargetGroup",
    "TargetGroupSize",
    "Tender",
    "TenderClause",
    "TenderNotice",
    "User",
]
