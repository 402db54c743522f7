"""Reads for the open-data export."""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.approvals.models import ApprovalRequest
from app.contracts.models import FrameworkContract
from app.core.errors import DomainError
from app.core.settings import Settings
from app.exports.ocds import Moments, Results, build_package, build_release
from app.extensions import db
from app.steering.models import KpiResult, SteeringMoment
from app.steering.queries import list_kpi_definitions
from app.tenders.models import Lot, Tender
from app.tenders.queries import current_procedure_advice


def _contracts_by_tender(tender_ids: list[int]) -> dict[int, list[FrameworkContract]]:
    """The tenders' contracts with what a release shows of them, in one query each."""
    contracts = db.session.execute(
        db.select(FrameworkContract, Lot.tender_id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .where(Lot.tender_id.in_(tender_ids))
        .options(
            joinedload(FrameworkContract.supplier),
            selectinload(FrameworkContract.options),
            selectinload(FrameworkContract.amendments),
        )
        .order_by(FrameworkContract.id)
    )
    by_tender: dict[int, list[FrameworkContract]] = {tender_id: [] for tender_id in tender_ids}
    for contract, tender_id in contracts:
        by_tender[tender_id].append(contract)
    return by_tender


def _of_tenders(query: sa.Select, tender_ids: list[int]) -> sa.Select:
    """`query`, which reads steering moments, narrowed to those of the tenders' contracts."""
    return (
        query.join(FrameworkContract, FrameworkContract.id == SteeringMoment.contract_id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(Lot.tender_id.in_(tender_ids))
    )


def _moments_by_contract(tender_ids: list[int]) -> Moments:
    moments = db.select(
        SteeringMoment.contract_id,
        SteeringMoment.id,
        SteeringMoment.sequence,
        SteeringMoment.period_start_on,
        SteeringMoment.period_end_on,
        SteeringMoment.due_on,
        SteeringMoment.held_on,
        SteeringMoment.status,
        SteeringMoment.findings,
    )
    rows = db.session.execute(
        _of_tenders(moments, tender_ids).order_by(
            SteeringMoment.contract_id, SteeringMoment.sequence
        )
    )
    by_contract: Moments = {}
    for row in rows:
        by_contract.setdefault(row.contract_id, []).append(row)
    return by_contract


def _results_by_moment(tender_ids: list[int]) -> Results:
    results = db.select(
        KpiResult.steering_moment_id,
        KpiResult.kpi_definition_id,
        sa.cast(KpiResult.value, sa.Float),  # as the release writes it: no Decimal between
    ).join(SteeringMoment, SteeringMoment.id == KpiResult.steering_moment_id)
    rows = db.session.execute(_of_tenders(results, tender_ids).order_by(KpiResult.id))
    by_moment: Results = {}
    for moment_id, kpi_id, value in rows:
        by_moment.setdefault(moment_id, []).append((kpi_id, value))
    return by_moment


def tender_releases(tenders: list[Tender], settings: Settings, today: date) -> list[dict]:
    """A compiled release per tender, read in the same few statements however many."""
    ids = [tender.id for tender in tenders]
    db.session.scalars(  # into the tenders already loaded: their lots' criteria, participants
        db.select(Tender)
        .where(Tender.id.in_(ids))
        .options(
            selectinload(Tender.lots).selectinload(Lot.award_criteria),
            selectinload(Tender.participants),
        )
    ).all()
    contracts = _contracts_by_tender(ids)
    approvals: dict[int, list[ApprovalRequest]] = {}
    # Few requests exist; each names its tender in the snapshot it froze.
    for request in db.session.scalars(db.select(ApprovalRequest).order_by(ApprovalRequest.id)):
        approvals.setdefault(request.snapshot.get("tender_id"), []).append(request)
    kpi_names = {kpi.id: (kpi.code, kpi.name) for kpi in list_kpi_definitions()}
    moments = _moments_by_contract(ids)
    results = _results_by_moment(ids)
    releases = []
    for tender in tenders:
        try:
            estimated = current_procedure_advice(tender, settings, today).estimated_value
        except DomainError:
            estimated = None  # no lot has a budget yet
        releases.append(
            build_release(
                tender,
                prefix=settings.ocds_ocid_prefix,
                contracts=contracts[tender.id],
                moments=moments,
                approvals=approvals.get(tender.id, []),
                kpi_names=kpi_names,
                results=results,
                estimated_value=estimated,
            )
        )
    return releases


def ocds_package(tenders: list[Tender], *, uri: str, settings: Settings, today: date) -> dict:
    """A release package of the tenders, published by the municipality now."""
    return build_package(
        tender_releases(tenders, settings, today),
        uri=uri,
        publisher=f"Gemeente {settings.municipality}",
        published=datetime.now(UTC),
    )
