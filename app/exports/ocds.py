"""Open data: a tender and what followed from it as an OCDS 1.1 release package.

One compiled release per tender (ocid = configured prefix + tender id) with the lots,
renewal, options, techniques, awardCriteria and metrics extensions. Codes come from the
closed OCDS codelists; Regie's own statuses are mapped onto them here.
"""

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from app.approvals.models import ApprovalRequest, ApprovalStatus
from app.contracts.models import ContractStatus, FrameworkContract
from app.core.dates import term_end
from app.steering.models import MomentStatus
from app.tenders.models import CriterionKind, Lot, Tender, TenderStatus
from app.tenders.procedure import PROCEDURE_LABELS
from app.tenders.rules import lot_value

EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_{}_extension/master/"
    "extension.json"
)
EXTENSIONS = [
    EXTENSION_URL.format(name)
    for name in ("lots", "renewal", "options", "techniques", "awardCriteria", "metrics")
]
TENDER_STATUS = {
    TenderStatus.DRAFT: "planning",
    TenderStatus.IN_REVIEW: "planning",
    TenderStatus.ADOPTED: "planned",
    TenderStatus.PUBLISHED: "active",
    TenderStatus.AWARDED: "complete",
    TenderStatus.WITHDRAWN: "withdrawn",
}
PROCUREMENT_METHOD = {
    "europees_openbaar": "open",
    "europees_verlicht_regime": "open",
    "meervoudig_onderhands": "selective",
    "enkelvoudig_onderhands": "limited",
}
CONTRACT_STATUS = {
    ContractStatus.DRAFT: ("pending", "pending"),
    ContractStatus.ACTIVE: ("active", "active"),
    ContractStatus.EXTENDED: ("active", "active"),
    ContractStatus.TERMINATED: ("terminated", "active"),
    ContractStatus.EXPIRED: ("terminated", "active"),
}
MILESTONE_STATUS = {
    MomentStatus.SCHEDULED: "scheduled",
    MomentStatus.MET: "met",
    MomentStatus.PARTIALLY_MET: "partiallyMet",
    MomentStatus.NOT_MET: "notMet",
}
APPROVAL_STATUS = {
    ApprovalStatus.SUBMITTED: "scheduled",
    ApprovalStatus.APPROVED: "met",
    ApprovalStatus.REJECTED: "notMet",
}


@lru_cache(maxsize=4096)  # a page of releases writes the same few hundred dates thousands of times
def _datetime(day: date | datetime | None) -> str | None:
    if day is None:
        return None
    if not isinstance(day, datetime):
        day = datetime.combine(day, time(0, 0))
    return day.isoformat() if day.tzinfo else f"{day.isoformat()}Z"


def _value(amount: Decimal | None) -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": "EUR"}


class Clean(list):
    """A list built without unknown values (the KPI observations, most of a release's values):
    `_clean` keeps it as it is instead of walking it."""


def _clean(data: Any) -> Any:
    """Leave out what is unknown: OCDS prefers an absent field to a null one. (Descends into
    containers only: a page of releases holds hundreds of thousands of plain values.)"""
    if type(data) is list:
        return [_clean(item) if type(item) in (dict, list) else item for item in data]
    cleaned = {}
    for key, value in data.items():
        if type(value) in (dict, list):
            if value:
                cleaned[key] = _clean(value)
        elif value is not None and value != "":
            cleaned[key] = value
    return cleaned


def _lot_id(lot: Lot) -> str:
    return f"lot-{lot.number}"


def _lot(lot: Lot, start: date | None) -> dict:
    """A lot as OCDS: its value, renewal, options, award criteria and the lots extension's fields.
    Long because it is one literal of the standard's structure."""
    months = lot.initial_months + sum(lot.option_months)
    period = (
        {
            "startDate": _datetime(start),
            "endDate": _datetime(term_end(start, lot.initial_months)),
            "maxExtentDate": _datetime(term_end(start, months)),
        }
        if start
        else {"durationInDays": round(months * 365.25 / 12)}
    )
    value = (
        None
        if lot.budget_per_year is None
        else lot_value(lot.budget_per_year, lot.initial_months, lot.option_months)
    )
    options = ", ".join(f"{m} maanden" for m in lot.option_months)
    return {
        "id": _lot_id(lot),
        "title": lot.title,
        "description": lot.scope,
        "value": _value(value),
        "contractPeriod": period,
        "hasRenewal": bool(lot.option_months),
        "renewal": {
            "description": f"Verlengingsopties: {options}; besluit uiterlijk "
            f"{lot.notice_months} maanden voor het einde.",
            "minimumRenewals": 0,
            "maximumRenewals": len(lot.option_months),
        }
        if lot.option_months
        else None,
        "hasOptions": bool(lot.option_months),
        "options": {"description": f"Verlenging met {options}, naar keuze van de gemeente."}
        if lot.option_months
        else None,
        "techniques": {
            "hasFrameworkAgreement": True,
            "frameworkAgreement": {
                "method": "withoutReopeningCompetition",
                "maximumParticipants": 1,
                "value": _value(value),
                "period": period if start else None,
            },
        },
        "awardCriteria": {
            "criteria": [
                {
                    "type": "price" if criterion.kind == CriterionKind.PRICE else "quality",
                    "name": criterion.name,
                    "description": criterion.description,
                    "numbers": [
                        {"number": float(criterion.weight_percent), "weight": "percentageExact"}
                    ],
                }
                for criterion in lot.award_criteria
            ]
        }
        if lot.award_criteria
        else None,
    }


# KPI results per steering moment id: (KPI definition id, value); and the steering moments
# per contract id. Read as rows, not objects, as a page of releases holds thousands.
Results = dict[int, list[tuple[int, float]]]
Moments = dict[int, list[Row]]


def _party(party_id: str, name: str, roles: list[str]) -> dict:
    return {"id": party_id, "name": name, "roles": roles}


def _contract(
    contract: FrameworkContract,
    moments: list[Row],
    kpi_names: dict[int, tuple[str, str]],
    results: Results,
) -> dict:
    """A contract as OCDS: period, value, amendments and the steering moments as milestones with
    their KPI observations. Long because it is one literal of the standard's structure."""
    metrics: dict[int, list[dict]] = {}
    for moment in moments:
        # The same for each of the moment's observations (shared: they are only written out).
        observed = {
            "startDate": _datetime(moment.period_start_on),
            "endDate": _datetime(moment.period_end_on),
        }
        milestone = {"id": f"moment-{moment.id}", "title": f"Bijsturingsmoment {moment.sequence}"}
        for kpi_id, value in results.get(moment.id, ()):
            metrics.setdefault(kpi_id, []).append(
                {
                    "id": f"moment-{moment.id}-{kpi_names[kpi_id][0]}",
                    "measure": value,
                    "period": observed,
                    "relatedImplementationMilestone": milestone,
                }
            )
    period = {
        "startDate": _datetime(contract.start_on),
        "endDate": _datetime(contract.current_end_on),
        "maxExtentDate": _datetime(contract.latest_end_on),
    }
    status, _ = CONTRACT_STATUS[contract.status]
    return {
        "id": f"contract-{contract.id}",
        "awardID": f"award-{contract.id}",
        "title": f"Raamovereenkomst {contract.reference}",
        "status": status,
        "value": _value(contract.ceiling),
        "period": period,
        "dateSigned": _datetime(contract.signed_on),
        "hasRenewal": bool(contract.options),
        "renewal": {
            "description": "; ".join(
                f"optie {o.number}: {o.months} maanden, {o.status.label.lower()}"
                for o in contract.options
            ),
            "maximumRenewals": len(contract.options),
        }
        if contract.options
        else None,
        "amendments": [
            {
                "id": f"amendment-{amendment.id}",
                "date": _datetime(amendment.amended_on),
                "rationale": amendment.rationale,
                "description": f"Waardeverandering EUR {amendment.value_change:.2f}",
            }
            for amendment in contract.amendments
        ],
        "implementation": {
            "milestones": [
                {
                    "id": f"moment-{moment.id}",
                    "title": f"Bijsturingsmoment {moment.sequence}",
                    "type": "reporting",
                    "dueDate": _datetime(moment.due_on),
                    "dateMet": _datetime(moment.held_on),
                    "status": MILESTONE_STATUS[moment.status],
                    "description": moment.findings,
                }
                for moment in moments
            ],
            "metrics": Clean(
                {"id": kpi_names[kpi_id][0], "title": kpi_names[kpi_id][1], "observations": rows}
                for kpi_id, rows in metrics.items()
            )
            or None,
        },
    }


def _approval_milestone(request: ApprovalRequest) -> dict:
    return {
        "id": f"approval-{request.id}",
        "title": request.title,
        "type": "approval",
        "description": request.subject.label,
        "dueDate": _datetime(request.submitted_at),
        "dateMet": _datetime(request.decided_at)
        if request.status == ApprovalStatus.APPROVED
        else None,
        "status": APPROVAL_STATUS[request.status],
    }


def build_release(
    tender: Tender,
    *,
    prefix: str,
    contracts: list[FrameworkContract],
    moments: Moments,
    approvals: list[ApprovalRequest],
    kpi_names: dict[int, tuple[str, str]],
    results: Results,
    estimated_value: Decimal | None,
) -> dict:
    """A compiled release for one tender; `kpi_names` maps definition id → (code, name). Long
    because it is one literal of the release's structure. `moments` are the steering moments per
    contract, `results` the KPI results per steering moment, as (definition id, value)."""
    buyer = {
        "id": f"gemeente-{tender.municipality.lower()}",
        "name": f"Gemeente {tender.municipality}",
    }
    suppliers = {c.supplier.id: c.supplier.name for c in contracts}
    budget = sum((lot.budget_per_year or Decimal(0) for lot in tender.lots), Decimal(0))
    lots = {lot.id: lot for lot in tender.lots}
    release = {
        "ocid": f"{prefix}-{tender.id}",
        "id": f"{prefix}-{tender.id}-{tender.updated_at:%Y%m%dT%H%M%S}",
        "date": _datetime(tender.updated_at),
        "tag": ["compiled"],
        "initiationType": "tender",
        "language": "nl",
        "buyer": buyer,
        "parties": [
            _party(buyer["id"], buyer["name"], ["buyer", "procuringEntity"]),
            # Joint procurement: the lead procures, each participant buys its own share.
            *(
                _party(f"gemeente-{m.name.lower()}", f"Gemeente {m.name}", ["buyer"])
                for m in tender.participants
            ),
            *(_party(f"supplier-{i}", name, ["supplier"]) for i, name in suppliers.items()),
        ],
        "planning": {
            "budget": {
                "description": "Budget per jaar van de percelen (excl. btw)",
                "amount": _value(budget),
            }
        },
        "tender": {
            "id": tender.reference,
            "title": tender.title,
            "description": tender.description,
            "status": TENDER_STATUS[tender.status],
            "procurementMethod": PROCUREMENT_METHOD.get(tender.procedure or ""),
            "procurementMethodDetails": PROCEDURE_LABELS.get(tender.procedure or ""),
            "mainProcurementCategory": "services",
            "value": _value(estimated_value),
            "tenderPeriod": {
                "startDate": _datetime(tender.publication_on),
                "endDate": _datetime(tender.closing_on),
            },
            "items": [
                {
                    "id": f"item-{lot.number}",
                    "description": lot.title,
                    "classification": {"scheme": "CPV", "id": lot.cpv.split("-")[0]},
                    "relatedLot": _lot_id(lot),
                }
                for lot in tender.lots
                if lot.cpv
            ],
            "lots": [_lot(lot, tender.contract_start_on) for lot in tender.lots],
            "techniques": {"hasFrameworkAgreement": True},
            "milestones": [
                _approval_milestone(request)
                for request in approvals
                if request.status in APPROVAL_STATUS
            ],
        },
        "awards": [
            {
                "id": f"award-{contract.id}",
                "title": f"Gunning perceel {lots[contract.lot_id].number}",
                "status": CONTRACT_STATUS[contract.status][1],
                "suppliers": [
                    {"id": f"supplier-{contract.supplier.id}", "name": contract.supplier.name}
                ],
                "relatedLots": [_lot_id(lots[contract.lot_id])],
                "value": _value(contract.ceiling),
            }
            for contract in contracts
        ],
        "contracts": [
            _contract(contract, moments.get(contract.id, []), kpi_names, results)
            for contract in contracts
        ],
    }
    return _clean(release)


def build_package(releases: list[dict], *, uri: str, publisher: str, published: datetime) -> dict:
    return {
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": _datetime(published),
        "publisher": {"name": publisher},
        "releases": releases,
    }
