"""The append-only audit log: who changed what, when, from what to what."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.orm import Mapped, mapped_column

from app.core.dates import utcnow
from app.core.formatting import date_nl, eur, number_nl
from app.core.models import Timestamp
from app.extensions import db

# Secrets and bulky payloads (a file, its data snapshot) stay out of the log.
SKIPPED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "password_hash",
    "token_hash",
    "calendar_token_hash",
    "content",
    "data_snapshot",
}

# Dutch names of fields as the history panel shows them. A field without a name here is
# bookkeeping (a request's frozen snapshot, the object it points at): logged, not shown.
FIELD_LABELS = {
    "current_end_on": "huidige einddatum",
    "notice_deadline_on": "uiterlijk besluiten op",
    "decided_by_id": "besloten door",
    "requester_id": "ingediend door",
    "subject": "onderwerp",
    "remark": "opmerking",
    "amount": "bedrag",
    "value_change": "waardeverandering",
    "amended_on": "datum wijziging",
    "trajectories_started": "gestarte trajecten",
    "ended_on": "einddatum",
    "outcome": "uitkomst",
    "kpi_definition_id": "indicator",
    "procedure": "procedure",
    "note": "toelichting",
    "segment": "segment",
    "score": "score",
    "criterion_id": "criterium",
    "bid_id": "inschrijving",
    "category": "categorie",
    "source": "bron",
    "kvk_number": "KvK-nummer",
    "contact_name": "contactpersoon",
    "contact_email": "e-mail contactpersoon",
    "contact_phone": "telefoon contactpersoon",
    "unit": "eenheid",
    "measured_when": "wanneer gemeten",
    "basis": "soort norm",
    "baselines": "basiswaarden",
    "target_note": "afleiding norm",
    "direction": "richting",
    "position": "volgorde",
    "revoked": "ingetrokken",
    "body": "orgaan",
    "url": "vindplaats",
    "version_number": "versie",
    "template_name": "sjabloon",
    "uploaded_by_id": "geüpload door",
    "created_by_id": "gemaakt door",
    "logged_by_id": "vastgelegd door",
    "changes": "wijzigingen",
    "address": "netwerkadres",
    "active": "actief",
    "budget_per_year": "budget per jaar",
    "expires_at": "geldig tot",
    "latest_logged_sequence": "laatst vastgelegde bijsturingsmoment",
    "year": "jaar",
    "ended_at": "beëindigd op",
    "sessies": "open sessies",
    "questions_until": "uiterste datum vragen",
    "answers_on": "nota van inlichtingen",
    "award_decision_on": "gunningsbeslissing",
    "social_return_percent": "social return (%)",
    "breach_notification_hours": "melding datalek binnen (uur)",
    "retention_years": "bewaartermijn (jaar)",
    "decisions": "eerdere besluiten",
    "chapter": "hoofdstuk",
    "standard_clause_id": "standaardtekst",
    "internal_note": "interne notitie",
    "target_group_profile": "kenmerken doelgroep",
    "intake_days": "intake binnen (werkdagen)",
    "plan_weeks": "trajectplan binnen (weken)",
    "aftercare_months": "nazorg (maanden)",
    "report_back_days": "terugmelding binnen (werkdagen)",
    "lasting_outflow_months": "duurzame uitstroom na (maanden)",
    "payment_model": "bekostiging",
    "start_fee": "startbedrag",
    "result_fee": "resultaatbedrag",
    "result_share_percent": "resultaatafhankelijk deel (%)",
    "ceiling": "plafondbedrag",
    "closing_on": "sluiting inschrijving",
    "code": "code",
    "contract_id": "contract",
    "contract_start_on": "beoogde ingangsdatum",
    "cpv": "CPV-code",
    "decided_on": "besluitdatum",
    "description": "omschrijving",
    "due_on": "uiterlijk op",
    "decision": "besluit",
    "email": "e-mailadres",
    "findings": "bevindingen",
    "held_on": "gehouden op",
    "initial_months": "looptijd (maanden)",
    "is_placeholder": "nog te contracteren",
    "kind": "soort",
    "lot_id": "perceel",
    "main_contractor_id": "hoofdaannemer",
    "months": "duur (maanden)",
    "municipality": "gemeente",
    "name": "naam",
    "notice_months": "opzegtermijn (maanden)",
    "number": "nummer",
    "option_months": "verlengingsopties (maanden)",
    "period_end_on": "periode t/m",
    "period_start_on": "periode vanaf",
    "planned_count": "begroot aantal",
    "price_method": "puntentoekenning prijs",
    "lowest_price_motivation": "motivering laagste prijs",
    "weight_percent": "weging (%)",
    "target_value": "norm",
    "tolerance_percent": "tolerantie (%)",
    "price": "prijs",
    "received_on": "ontvangen op",
    "excluded_reason": "reden van uitsluiting",
    "summary": "vraag of reden",
    "issued_on": "datum",
    "filename": "bestand",
    "procedure_motivation": "motivering procedure",
    "publication_on": "publicatiedatum",
    "rationale": "motivering",
    "reference": "kenmerk",
    "rating": "beoordeling",
    "role": "rol",
    "route": "route",
    "scope": "omschrijving dienstverlening",
    "sequence": "volgnummer",
    "signed_on": "ondertekend op",
    "significant": "ingrijpend besluit",
    "start_on": "ingangsdatum",
    "status": "status",
    "steering_interval_months": "interval bijsturing (maanden)",
    "supplier_id": "opdrachtnemer",
    "target_group_id": "doelgroep",
    "tender_id": "inkooptraject",
    "text": "tekst",
    "title": "titel",
    "unit_price": "prijs per traject",
    "user_id": "gebruiker",
    "value": "waarde",
    "owner": "eigenaar",
}

# Logged but not shown: what the object points at, frozen snapshots, hashes, bookkeeping times.
BOOKKEEPING_FIELDS = {
    "object_type",
    "object_id",
    "snapshot",
    "submitted_at",
    "decided_at",
    "uploaded_at",
    "logged_at",
    "last_login_at",
    "last_used_at",
    "occurred_at",
    "media_type",
    "template_sha256",
    "content_sha256",
    "approval_request_id",
    "steering_moment_id",
    "library_requirement_id",
}

# Amounts in euros; other numbers (weights, KPI norms) are shown as plain Dutch numbers.
MONEY_FIELDS = {
    "budget_per_year",
    "unit_price",
    "ceiling",
    "price",
    "amount",
    "value_change",
    "start_fee",
    "result_fee",
}

ACTION_LABELS = {
    "create": "aangemaakt",
    "update": "gewijzigd",
    "delete": "verwijderd",
    "password_change": "wachtwoord gewijzigd",
    "calendar_token": "nieuwe agenda-link",
}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __label__ = "Logboekregel"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(200))
    object_type: Mapped[str] = mapped_column(sa.String(60))
    object_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(40))
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def object_label(self) -> str:
        return getattr(_model_named(self.object_type), "__label__", self.object_type)

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """The changes as a person reads them: (field, before, after), in Dutch."""
        return readable_changes(_model_named(self.object_type), self.changes)


def readable_changes(model, changes: dict[str, list]) -> list[tuple[str, str, str]]:
    """Logged changes in Dutch: field label, value before, value after."""
    return [
        (FIELD_LABELS[name], _shown(model, name, old), _shown(model, name, new))
        for name, (old, new) in changes.items()
        if name in FIELD_LABELS
    ]


def _model_named(name: str):
    return db.Model.registry._class_registry.get(name)


def _shown(model, field: str, value: Any) -> str:
    """A stored value in Dutch: enum labels, euro amounts, Dutch dates, ja/nee."""
    if value in EMPTY_VALUES:
        return "—"
    column = getattr(getattr(model, "__table__", None), "c", {}).get(field)
    column_type = getattr(column, "type", None)
    if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value).label
    if column is not None and column.foreign_keys and isinstance(value, int):
        return _name_of(next(iter(column.foreign_keys)).column.table.name, value)
    if field in MONEY_FIELDS:
        return eur(Decimal(value))
    if isinstance(column_type, sa.Numeric):
        return number_nl(Decimal(value))
    if isinstance(column_type, sa.Date):
        return date_nl(date.fromisoformat(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


@cache
def _model_for_table(table: str):
    return next(m.class_ for m in db.Model.registry.mappers if m.local_table.name == table)


def _name_of(table: str, key: int) -> str:
    """What a person calls the row a foreign key points at: its name, reference or title."""
    row = db.session.get(_model_for_table(table), key)
    for attribute in ("name", "reference", "title", "email"):
        if row is not None and getattr(row, attribute, None):
            return str(getattr(row, attribute))
    return f"nr. {key}"


def refuse_rewriting_history(mapper, connection, target) -> None:
    raise RuntimeError("Het logboek kan niet worden gewijzigd of verwijderd.")


EMPTY_VALUES = (None, "", [], {})


def plain(value: Any) -> Any:
    """A value as it is stored in the log: JSON-safe and readable."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def field_values(obj: db.Model) -> dict[str, Any]:
    return {
        attr.key: plain(getattr(obj, attr.key))
        for attr in inspect(obj).mapper.column_attrs
        if attr.key not in SKIPPED_FIELDS
    }


def record_event(actor, obj: db.Model, action: str, changes: dict) -> AuditEvent:
    db.session.flush()  # the object needs its id before the event can point at it
    audit_event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", None) or "Systeem",
        object_type=type(obj).__name__,
        object_id=obj.id,
        action=action,
        changes=changes,
    )
    db.session.add(audit_event)
    return audit_event


def record_create(actor, obj: db.Model) -> AuditEvent:
    db.session.flush()
    values = field_values(obj).items()
    filled = {key: [None, value] for key, value in values if value not in EMPTY_VALUES}
    return record_event(actor, obj, "create", filled)


def record_delete(actor, obj: db.Model) -> AuditEvent:
    values = field_values(obj).items()
    filled = {key: [value, None] for key, value in values if value not in EMPTY_VALUES}
    return record_event(actor, obj, "delete", filled)


def apply_changes(
    actor,
    obj: db.Model,
    values: dict[str, Any],
    action: str = "update",
    related: dict[str, tuple[Any, Any]] | None = None,
) -> dict:
    """Set `values` on `obj` and log the fields that really changed, before → after.

    `related` carries changes the caller made to relations (name: (before, after)), so that one
    event holds everything a single edit changed.
    """
    changes = {
        name: [plain(before), plain(after)]
        for name, (before, after) in (related or {}).items()
        if before != after
    }
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:  # value equality: Decimal("1.0") == Decimal("1.00") is no change
            changes[key] = [plain(old), plain(new)]
            setattr(obj, key, new)
    if changes:
        record_event(actor, obj, action, changes)
    return changes


def change_status(
    actor,
    obj: db.Model,
    status,
    values: dict[str, Any] | None = None,
    related: dict[str, tuple[Any, Any]] | None = None,
) -> dict:
    """Move `obj` through its state machine (which refuses a transition it does not allow) and
    log the transition together with `values` and `related`, as one event."""
    before = obj.status
    obj.set_status(status)
    return apply_changes(
        actor, obj, values or {}, related={"status": (before, status), **(related or {})}
    )


def list_history(*objects: db.Model, limit: int = 100) -> list[AuditEvent]:
    """The history of one or more objects (a tender and its lots), newest first."""
    ids_by_type: dict[str, list[int]] = {}
    for obj in objects:
        ids_by_type.setdefault(type(obj).__name__, []).append(obj.id)
    query = (
        db.select(AuditEvent)
        .where(
            sa.or_(
                *(
                    sa.and_(AuditEvent.object_type == type_name, AuditEvent.object_id.in_(ids))
                    for type_name, ids in ids_by_type.items()
                )
            )
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
