"""Long work off the request: a PDF and a tender's Excel overview are made by a job whose
page shows how far it is, survives a reload, and ends with the result kept as a document
version — on a real RQ queue in Redis when REDIS_URL is set, in a thread without it."""

import socket

import pytest
from redis import Redis

from app.auth.models import Role
from app.documents import pdf
from app.documents.models import Document, DocumentKind
from app.documents.services import generate_pve
from app.extensions import db
from app.jobs.models import Job, JobKind, JobStatus
from app.jobs.queue import enqueue, run_worker
from app.jobs.services import request_job
from tests.conftest import make_user, post_form
from tests.factories import haarlem_tender

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by each test


def redis_runs() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
        return True
    except OSError:
        return False


def export_overview(client, tender):
    page = f"/inkooptrajecten/{tender.id}"
    return post_form(client, f"{page}/exporten/excel_overview", {}, form_page=page)


def test_the_overview_is_made_by_a_job_that_reports_its_steps(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    started = export_overview(client, tender)
    job = db.session.scalar(db.select(Job))
    assert started.location == f"/opdrachten/{job.id}"
    page = client.get(started.location).text
    assert "Excel-overzicht van 2017/532748" in page and "Klaar:" in page
    document = db.session.get(Document, job.result_document_id)
    assert document.kind == DocumentKind.EXCEL_OVERVIEW and document.object_id == tender.id
    assert f">{document.filename}</a> is bewaard als nieuwe versie" in page
    state = client.get(f"/opdrachten/{job.id}/stand").json
    assert state == {"status": "done", "status_label": "Klaar", "progress": 100,
                     "step": "Klaar.", "finished": True}  # fmt: skip
    login_as(Role.CONTRACT_MANAGER)  # someone else's job is not theirs to follow
    assert client.get(f"/opdrachten/{job.id}").status_code == 404


@pytest.mark.skipif(pdf.libreoffice() is None, reason="LibreOffice is not installed")
def test_a_pdf_is_made_once_and_kept_beside_its_word_document(
    client, login_as, haarlem, settings, today
):
    alderman = login_as(Role.ALDERMAN)
    tender = haarlem_tender()
    source = generate_pve(make_user(Role.PROCUREMENT_ADVISER), tender, today=today,
                          settings=settings)  # fmt: skip
    db.session.commit()
    for _ in range(2):  # asked again: the stored PDF, no second conversion
        post_form(client, f"/documenten/{source.id}/pdf", {}, f"/inkooptrajecten/{tender.id}")
    stored = db.session.scalars(db.select(Document).filter_by(object_type="Document")).all()
    assert [(d.object_id, d.media_type) for d in stored] == [(source.id, "application/pdf")]
    assert stored[0].filename == source.filename.replace(".docx", ".pdf")
    assert db.session.scalar(db.select(Job)).requested_by_id == alderman.id
    assert client.get(f"/documenten/{source.id}/pdf").data[:4] == b"%PDF"


@pytest.mark.skipif(not redis_runs(), reason="no Redis on 127.0.0.1:6379")
def test_jobs_wait_in_redis_until_a_worker_takes_them(app, client, login_as, haarlem,
                                                      monkeypatch):  # fmt: skip
    Redis.from_url(REDIS_URL).flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    job_page = export_overview(client, tender).location
    for _ in range(2):  # a reload shows the same: the state is kept, not in the request
        page = client.get(job_page).text
        assert "In de wachtrij" in page and "Wacht op een vrije plek." in page
        assert "data-job-progress" in page  # regie.js follows it
    export_overview(client, tender)  # pressed again while waiting: the same job
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 1
    assert Redis.from_url(REDIS_URL).llen("rq:queue:regie") == 1

    run_worker(app, burst=True)
    page = client.get(job_page).text
    assert "Klaar:" in page and "data-job-progress" not in page


@pytest.mark.skipif(not redis_runs(), reason="no Redis on 127.0.0.1:6379")
def test_a_worker_without_libreoffice_fails_the_job_with_a_dutch_reason(
    app, client, login_as, haarlem, monkeypatch, settings, today
):
    Redis.from_url(REDIS_URL).flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    adviser = login_as(Role.PROCUREMENT_ADVISER)
    source = generate_pve(adviser, haarlem_tender(), today=today, settings=settings)
    job, _ = request_job(adviser, JobKind.PDF, source)
    db.session.commit()
    job_id = job.id
    enqueue(job_id)
    monkeypatch.setenv("PATH", "/nonexistent")  # the worker's machine has no LibreOffice
    run_worker(app, burst=True)  # it ends with a fresh session, as after every job
    job = db.session.get(Job, job_id)
    assert job.status == JobStatus.FAILED
    page = client.get(f"/opdrachten/{job.id}").text
    assert "PDF is niet beschikbaar: LibreOffice is op deze server niet geïnstalleerd." in page
    assert db.session.scalar(db.select(Document).filter_by(object_type="Document")) is None


def test_without_redis_a_thread_of_the_web_process_runs_the_job(
    app, client, login_as, haarlem, monkeypatch
):
    monkeypatch.setitem(app.config, "JOBS_INLINE", False)
    adviser = login_as(Role.PROCUREMENT_ADVISER)
    job, _ = request_job(adviser, JobKind.OVERVIEW, haarlem_tender())
    db.session.commit()
    thread = enqueue(job.id)
    thread.join(timeout=120)
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE
