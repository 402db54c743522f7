"""Runs a job to its end, where its transactions begin and end: each step is committed so
that the job's page shows it while the work goes on. A failure is recorded on the job with
a Dutch message and never raised to the queue, so the page always has an answer."""

import logging

from app.core.dates import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.jobs.models import Job, JobStatus
from app.jobs.services import WORK

log = logging.getLogger(__name__)
UNEXPECTED = (
    "Er ging iets mis bij het maken. Probeer het opnieuw; blijft het misgaan, meld het dan."
)


def run_job(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return  # already taken by another worker, or gone
    job.set_status(JobStatus.RUNNING)
    job.progress, job.step = 5, "Begonnen."
    db.session.commit()

    def progress(percent: int, step: str) -> None:
        job.progress, job.step = percent, step
        db.session.commit()

    try:
        document = WORK[job.kind](job, progress)
        db.session.flush()
        job.result_document_id = document.id
        job.set_status(JobStatus.DONE)
        job.progress, job.step, job.finished_at = 100, "Klaar.", utcnow()
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        if not isinstance(error, DomainError):
            log.exception("Job %s (%s) failed", job_id, job.kind)
        job = db.session.get(Job, job_id)
        job.set_status(JobStatus.FAILED)
        job.error = error.message if isinstance(error, DomainError) else UNEXPECTED
        job.step, job.finished_at = "Mislukt.", utcnow()
        db.session.commit()
