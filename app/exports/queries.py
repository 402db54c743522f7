"""Reads for the open-data export."""

from datetime import UTC, date, datetime

from app.approvals.models import ApprovalRequest
from app.contracts.models import FrameworkContract
from app.core.errors import DomainError
from app.core.settings import Settings
from app.exports.ocds import build_package, build_release
from app.extensions import db
from app.steering.queries import list_kpi_definitions
from app.tenders.models import Lot, Tender
from app.tenders.queries import current_procedure_advice


def tender_release(tender: Tender, settings: Settings, today: date) -> dict:
    contracts = list(
        db.session.scalars(
            db.select(FrameworkContract)
            .join(Lot, FrameworkContract.lot_id == Lot.id)
            .where(Lot.tender_id == tender.id)
            .order_by(FrameworkContract.id)
        )
    )
    # Few requests exist; each names its tender in the snapshot it froze.
    approvals = [
        request
        for request in db.session.scalars(db.select(ApprovalRequest).order_by(ApprovalRequest.id))
        if request.snapshot.get("tender_id") == tender.id
    ]
    try:
        estimated = current_procedure_advice(tender, settings, today).estimated_value
    except DomainError:
        estimated = None  # no lot has a budget yet
    return build_release(
        tender,
        prefix=settings.ocds_ocid_prefix,
        contracts=contracts,
        approvals=approvals,
        kpi_names={kpi.id: (kpi.code, kpi.name) for kpi in list_kpi_definitions()},
        estimated_value=estimated,
    )


def ocds_package(tenders: list[Tender], *, uri: str, settings: Settings, today: date) -> dict:
    """A release package of the tenders, published by the municipality now."""
    return build_package(
        [tender_release(tender, settings, today) for tender in tenders],
        uri=uri,
        publisher=f"Gemeente {settings.municipality}",
        published=datetime.now(UTC),
    )
