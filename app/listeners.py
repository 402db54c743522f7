"""What happens on its own when the database session flushes or commits, in one list.

Services never commit; the view or command that does sets these off. Registered once by
create_app (the targets are SQLAlchemy's Session class and a model, so they hold for every
session, including those of the command line and the seeds).
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.approvals.services import freeze_snapshots
from app.core import mail
from app.core.audit import AuditEvent, refuse_rewriting_history

LISTENERS = (
    # E-mail queued by a service leaves after the commit; a rollback drops it.
    (Session, "after_commit", mail.send_outbox),
    (Session, "after_rollback", mail.empty_outbox),
    # What was put to the alderman never changes.
    (Session, "before_flush", freeze_snapshots),
    # The audit log is append-only.
    (AuditEvent, "before_update", refuse_rewriting_history),
    (AuditEvent, "before_delete", refuse_rewriting_history),
)


def register_listeners() -> None:
    for target, name, listener in LISTENERS:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)
