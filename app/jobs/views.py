"""A job's page: what is being made, how far it is, and the result when it is there. The
state is in the database, so the page survives a reload; regie.js refreshes the bar."""

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import VersionedForm, run_action
from app.jobs.models import Job
from app.jobs.queue import enqueue
from app.jobs.services import request_job, subject_title
from app.permissions import require

bp = Blueprint("jobs", __name__, url_prefix="/opdrachten")


def own_job(job_id: int) -> Job:
    """A job is its requester's: others have no business with its page."""
    job = db.get_or_404(Job, job_id)
    if job.requested_by_id != current_user.id:
        abort(404)
    return job


def start_job(kind, subject, success: str):
    """Ask for a job from a button, commit, queue it and go to its page."""
    done = run_action(VersionedForm(), lambda: request_job(current_user, kind, subject), success)
    if done is None:
        return None
    job, new = done.result
    if new:
        enqueue(job.id)
    return redirect(url_for("jobs.detail", job_id=job.id))


@bp.get("/<int:job_id>")
@require("tender.view")
def detail(job_id: int):
    job = own_job(job_id)
    return render_template("jobs/job.html", job=job, title=subject_title(job))


@bp.get("/<int:job_id>/stand")
@require("tender.view")
def progress(job_id: int):
    job = own_job(job_id)
    return jsonify(
        status=job.status.value,
        status_label=job.status.label,
        progress=job.progress,
        step=job.step,
        finished=job.finished,
    )
