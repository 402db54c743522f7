"""Whether a tender's content may still change."""

from app.approvals.models import ApprovalSubject
from app.approvals.queries import open_request
from app.core.errors import DomainError
from app.tenders.models import Tender


def ensure_editable(tender: Tender) -> None:
    if not tender.is_editable:
        raise DomainError(
            f"Dit inkooptraject is {tender.status.label.lower()}; de inhoud kan niet meer "
            "worden gewijzigd."
        )
    if open_request(ApprovalSubject.PVE, tender) is not None:
        raise DomainError(
            "Het PvE ligt ter vaststelling bij de wethouder; trek dat verzoek in om het "
            "inkooptraject te wijzigen."
        )
