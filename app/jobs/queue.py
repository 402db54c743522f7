"""Where jobs run. With REDIS_URL set: on an RQ queue in Redis, taken by `flask jobs worker`
(as many as the load needs, on this server or another). Without it, as on a bare machine:
in a thread of the web process, so `./run` needs nothing more. Tests may run a job at once
(JOBS_INLINE) to read its result in the same request."""

import threading

from flask import Flask, current_app, has_app_context

from app.core.memory import tune_garbage_collector
from app.extensions import db
from app.jobs.runner import run_job

QUEUE = "regie"
JOB_TIMEOUT_SECONDS = 600


def enqueue(job_id: int) -> threading.Thread | None:
    """Hand a committed job to whatever runs jobs here; the thread, when that is the one."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        redis_queue(app).enqueue(work, job_id, job_timeout=JOB_TIMEOUT_SECONDS)
        return None
    if app.config.get("JOBS_INLINE"):
        run_job(job_id)
        return None
    thread = threading.Thread(target=_work_in, args=(app, job_id), daemon=True)
    thread.start()
    return thread


def redis_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]))


def _work_in(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_job(job_id)


def work(job_id: int) -> None:
    """What the RQ worker calls: the job in an application context, with a fresh session."""
    if has_app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()
        return
    from app import create_app

    _work_in(create_app(), job_id)


def run_worker(app: Flask, burst: bool = False) -> None:
    """`flask jobs worker`: take jobs from the queue until stopped (or, with burst, until
    it is empty). A simple worker: jobs run in this process, one at a time."""
    from rq import SimpleWorker

    tune_garbage_collector()  # as a gunicorn worker: the jobs are the same exports
    queue = redis_queue(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
