"""Use cases for background jobs: ask for one (queued after the commit, see queue.py), and
the work each kind does, reporting its progress as it goes."""

from collections.abc import Callable

from app.auth.models import User
from app.core.dates import local_today
from app.documents.models import Document
from app.documents.services import Progress, generate_overview, store_pdf
from app.extensions import db
from app.jobs.models import Job, JobKind, JobStatus
from app.tenders.models import Tender


def request_job(requester: User, kind: JobKind, subject: db.Model) -> tuple[Job, bool]:
    """A job for `subject` and True, or the one already waiting or running for it and False:
    pressing the button twice, or two people pressing it, starts the work once. Bookkeeping,
    like a login: the document it makes is what the log records."""
    running = db.session.scalar(
        db.select(Job).where(
            Job.kind == kind,
            Job.subject_type == type(subject).__name__,
            Job.subject_id == subject.id,
            Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        )
    )
    if running is not None:
        return running, False
    job = Job(
        kind=kind,
        subject_type=type(subject).__name__,
        subject_id=subject.id,
        requested_by_id=requester.id,
    )
    db.session.add(job)
    db.session.flush()
    return job, True


def _make_pdf(job: Job, progress: Progress) -> Document:
    source = db.session.get(Document, job.subject_id)
    return store_pdf(_requester(job), source, progress)


def _make_overview(job: Job, progress: Progress) -> Document:
    tender = db.session.get(Tender, job.subject_id)
    return generate_overview(_requester(job), tender, today=local_today(), progress=progress)


def _requester(job: Job) -> User:
    return db.session.get(User, job.requested_by_id)


WORK: dict[JobKind, Callable[[Job, Progress], Document]] = {
    JobKind.PDF: _make_pdf,
    JobKind.OVERVIEW: _make_overview,
}


def subject_title(job: Job) -> str:
    """What the job makes, in words: "PDF van PvE 2017-532748 v3 ….docx"."""
    if job.kind == JobKind.PDF:
        return f"PDF van {db.session.get(Document, job.subject_id).filename}"
    return f"Excel-overzicht van {db.session.get(Tender, job.subject_id).reference}"
