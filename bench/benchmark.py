"""Benchmark: Regie's pages, served by gunicorn, against a bare Flask + SQLAlchemy page.

Run from the repository root: .venv/bin/python bench/benchmark.py [--contracts 5000]

It builds a scratch SQLite database (or uses --database-url, e.g. an empty PostgreSQL
database) with the Haarlem 2018 scenario plus the scale data set (`flask seed scale`, then
ANALYZE), serves the reference app (bench/reference.py: one query, 50 rows) and Regie, each
with gunicorn and 2 workers on 127.0.0.1 (Regie has no page cache: every view is rendered
afresh). wrk (Debian package `wrk`)
applies the same bounded load to every page in turns with the reference. A turn's rate is
its connections divided by the mean time per request (Little's law for a closed loop), so a
request still in flight when the turn ends weighs as much as one that finished. A mixed run
posts one new supplier per ten page views. The API lists are timed one request at a time.
Documents are compared in-process: Regie's PvE against a raw
docxtpl render of the same template and context, and the Excel overview of one tender (and
with --all-tenders of every tender) against a raw pandas write of the same frames.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "bench@regie.example", "proef-onder-belasting-2026"


def prepare(database_url: str, contracts: int) -> dict:
    """Migrate and seed; returns ids of a tender and a running contract for the detail pages."""
    os.environ["DATABASE_URL"] = database_url
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.contracts.models import RUNNING, FrameworkContract
    from app.core.dates import local_today
    from app.extensions import db
    from app.scale_data import analyze, seed_scale
    from app.seeding import seed_haarlem_2018
    from app.tenders.models import Tender
    from config import DevelopmentConfig

    app = create_app(DevelopmentConfig)
    with app.app_context():
        upgrade()
        seed_haarlem_2018()
        started = time.perf_counter()
        seed_scale(contracts, today=local_today())
        db.session.commit()
        seeded = time.perf_counter() - started
        analyze()
        create_user(
            None, email=USER, name="Benchmark", role=Role.CONTRACT_MANAGER, password=PASSWORD
        )
        db.session.commit()
        today = local_today()
        return {
            "seconds": seeded,
            # The tender page of Haarlem's latest tender (its year has the most budget lines);
            # the Excel of Haarlem 2018, whose log is written by the services.
            "tender": db.session.scalar(
                db.select(Tender.id)
                .where(Tender.municipality == "Haarlem", Tender.contract_start_on <= today)
                .order_by(Tender.contract_start_on.desc(), Tender.id.desc())
                .limit(1)
            ),
            "haarlem_2018": db.session.scalar(db.select(Tender.id).order_by(Tender.id).limit(1)),
            "contract": db.session.scalar(
                db.select(FrameworkContract.id)
                .where(FrameworkContract.status.in_(RUNNING))
                .order_by(FrameworkContract.id.desc())
                .limit(1)
            ),
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(target: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", target],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{target} started no server")


def login(port: int) -> str:
    """The session cookie of the benchmark user, logged in through the login form."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = f"csrf_token={token}&email={USER}&password={PASSWORD}"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 302, "login failed"
    cookie = response.getheader("Set-Cookie").split(";")[0]
    # Follow the redirect as a browser does: the page shows "U bent ingelogd." and the session
    # cookie it sends back no longer carries that message (else every request would show it).
    while response.status == 302:
        connection.request("GET", response.getheader("Location"), headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        if response.getheader("Set-Cookie"):
            cookie = response.getheader("Set-Cookie").split(";")[0]
    return cookie


# wrk reports the mean time per request of those that completed; with a closed loop of
# `connections`, throughput = connections / mean time (Little's law), which does not drop the
# requests a turn cut off. The mixed script sends one POST (a new supplier) after ten reads.
LUA = """
local paths, post_body, counter, threads = {%(paths)s}, %(post)s, 0, 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(os.time() * 10 + id)  -- each thread its own supplier names
end
request = function()
  counter = counter + 1
  if post_body and counter %% 11 == 0 then
    local body = string.format(post_body, math.random(1, 1e9))
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
    for name, value in pairs(wrk.headers) do headers[name] = value end  -- the session cookie
    return wrk.format("POST", "/aanbieders/nieuw", headers, body)
  end
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("mean_us %%f\\n", latency.mean))
end
"""


def throughput(
    port: int, paths: list[str], cookie: str, seconds: float, connections: int, post: str = ""
) -> float:
    """Requests per second under a bounded load of `connections` keep-alive connections."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(LUA % {"paths": quoted, "post": f'"{post}"' if post else "nil"})
    # A slow page is measured, not cut off: wrk's own timeout (2 s) would count it an error.
    command = ["wrk", "-t2", f"-c{connections}", "--timeout", "60s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    target = f"http://127.0.0.1:{port}"
    try:
        subprocess.run([*command, "-d1s", target], capture_output=True, check=True)  # warm up
        duration = max(1, round(seconds))
        while True:  # a turn that completed no request says nothing: longer, until one does
            output = subprocess.run(
                [*command, f"-d{duration}s", target], capture_output=True, text=True, check=True
            ).stdout
            mean_us = float(re.search(r"mean_us ([\d.]+)", output).group(1))
            if mean_us > 0 or duration >= 60:
                break
            duration *= 4
    finally:
        script.unlink()
    if "Non-2xx" in output or ("timeout" in output and "timeout 0" not in output):
        raise SystemExit(f"{paths}: error responses under load\n{output}")
    if not mean_us:
        raise SystemExit(f"{paths}: no request answered in {duration} s")
    return connections / (mean_us / 1e6)


def against_reference(
    reference_port: int,
    port: int,
    paths: list[str],
    cookie: str,
    args: argparse.Namespace,
    post: str = "",
) -> float:
    """The pages' requests per second as a share of the reference's, measured in turns
    (reference, page, reference, page, …) so that a busy moment weighs on both alike."""
    seconds = args.seconds / args.turns
    page = reference = 0.0
    for _ in range(args.turns):
        reference += throughput(reference_port, ["/"], "", seconds, args.connections)
        page += throughput(port, paths, cookie, seconds, args.connections, post)
    return page / reference


def milliseconds_per_request(port: int, path: str, cookie: str, rounds: int = 5) -> float:
    """The best of `rounds` single requests on an idle server: the time per view."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def form_token(port: int, cookie: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/aanbieders/nieuw", headers={"Cookie": cookie})
    page = connection.getresponse().read().decode()
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def pve_comparison(database_url: str, rounds: int) -> tuple[float, float]:
    """Seconds per PvE of the Haarlem tender: generate_pve vs a raw docxtpl render."""
    from io import BytesIO

    from docxtpl import DocxTemplate

    from app import create_app
    from app.auth.models import User
    from app.core.dates import local_today
    from app.core.settings import current_settings
    from app.documents.models import DocumentKind
    from app.documents.services import active_template, generate_pve
    from app.extensions import db
    from app.tenders.models import Tender
    from config import DevelopmentConfig

    os.environ["DATABASE_URL"] = database_url
    with create_app(DevelopmentConfig).app_context():
        tender = db.session.scalar(
            db.select(Tender).filter_by(title="Re-integratie specifieke doelgroepen 2018–2019")
        )
        actor = db.session.scalar(db.select(User).filter_by(email=USER))
        settings = current_settings()
        document = generate_pve(actor, tender, today=local_today(), settings=settings)  # warm up
        context, template = document.data_snapshot, active_template(DocumentKind.PVE).content
        started = time.perf_counter()
        for _ in range(rounds):
            generate_pve(actor, tender, today=local_today(), settings=settings)
        regie = (time.perf_counter() - started) / rounds
        db.session.rollback()
        started = time.perf_counter()
        for _ in range(rounds):
            raw = DocxTemplate(BytesIO(template))
            raw.render(context)
            raw.save(BytesIO())
        return regie, (time.perf_counter() - started) / rounds


def excel_comparison(
    database_url: str, rounds: int, tender_ids: list[int] | None
) -> tuple[float, float, int]:
    """Seconds for the Excel overview of the tenders (None: every tender; queries, frames and
    the formatted workbook) vs a raw pandas → xlsxwriter write of the same frames; and the
    rows written. Each side takes the best of `rounds`, so a busy moment counts for neither."""
    from io import BytesIO

    import pandas as pd

    from app import create_app
    from app.core.memory import tune_garbage_collector
    from app.exports.excel import write_workbook
    from app.exports.overview import MONEY_COLUMNS, UNIT_COLUMNS, build_overview
    from config import DevelopmentConfig

    os.environ["DATABASE_URL"] = database_url
    regie, raw = [], []
    app = create_app(DevelopmentConfig)
    tune_garbage_collector()  # as the process that runs jobs (wsgi.py, `flask jobs worker`)
    for _ in range(rounds):
        with app.app_context():  # each round as a job runs: afresh
            started = time.perf_counter()
            frames = build_overview(tender_ids, since=None)
            write_workbook(frames, MONEY_COLUMNS, UNIT_COLUMNS)
            regie.append(time.perf_counter() - started)
            started = time.perf_counter()
            with pd.ExcelWriter(BytesIO(), engine="xlsxwriter") as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name, index=False)
            raw.append(time.perf_counter() - started)
    return min(regie), min(raw), sum(len(frame) for frame in frames.values())


PAGES = {
    "signals (start page)": "/signalering/",
    "contract list": "/contracten/",
    "contract detail": "/contracten/{contract}",
    "tender detail": "/inkooptrajecten/{tender}",
    "overview (dashboard)": "/overzicht",
    "Mijn taken": "/taken",
}
MIXED = ("signals (start page)", "contract list", "contract detail", "tender detail")
API_LISTS = (
    "/api/v1/contracts",
    "/api/v1/tenders",
    "/api/v1/signals",
    "/api/v1/ocds/releases",
    "/api/v1/approval-requests",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page")
    parser.add_argument("--turns", type=int, default=3, help="alternations with the reference")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--documents", type=int, default=10, help="renders per side")
    parser.add_argument("--excel-rounds", type=int, default=2, help="all tenders' Excel writes")
    parser.add_argument("--all-tenders", action="store_true", help="also every tender's Excel")
    parser.add_argument("--database-url", help="an empty database (default: scratch SQLite)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk ontbreekt: sudo apt-get install -y wrk")
    sys.path.insert(0, str(ROOT))

    scratch = tempfile.mkdtemp()
    database_url = args.database_url or f"sqlite:///{scratch}/bench.db"
    ids = prepare(database_url, args.contracts)
    print(f"Scale data set: {args.contracts} contracts seeded in {ids['seconds']:.1f} s")
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REGIE_CONFIG": "production",
        "SECRET_KEY": "benchmark-only",
    }
    pages = {name: path.format(**ids) for name, path in PAGES.items()}
    reference, reference_port = serve("bench.reference:app", env)
    regie, port = serve("wsgi:app", env)
    rows, api = {}, {}
    try:
        cookie = login(port)
        for name, path in pages.items():
            rows[name] = (
                against_reference(reference_port, port, [path], cookie, args),
                milliseconds_per_request(port, path, cookie),
            )
        post = f"csrf_token={form_token(port, cookie)}&name=Aanbieder+%d&version="
        reads = [pages[name] for name in MIXED]
        mixed = against_reference(reference_port, port, reads, cookie, args, post)
        api = {path: milliseconds_per_request(port, path, cookie) for path in API_LISTS}
    finally:
        for server in (reference, regie):
            server.send_signal(signal.SIGTERM)
            server.wait()

    print(
        f"\nServed by gunicorn (2 workers); wrk, {args.connections} connections, "
        f"{args.seconds:.0f} s per page and as long for the reference, in {args.turns} turns; "
        "share of the reference's requests/s (target ≥ 0.50)"
    )
    print(f"{'page':<34}{'share':>10}{'ms/view':>10}  (alone)")
    for name, (share, ms) in rows.items():
        print(f"{name:<34}{share:>10.2f}{ms:>10.1f}")
    label = "mixed: 1 new supplier per 10 views"
    print(f"{label:<34}{mixed:>10.2f}   target ≥ 0.40")
    print(f"\n{'API list, first page':<34}{'ms':>10}   target < 200")
    for path, ms in api.items():
        print(f"{path:<34}{ms:>10.1f}")

    regie_pve, raw_pve = pve_comparison(database_url, args.documents)
    print(f"\n{'document':<34}{'s each':>10}{'ratio':>8}")
    print(f"{'raw docxtpl render':<34}{raw_pve:>10.3f}{1:>8.2f}")
    print(f"{'Regie PvE (Haarlem 2018)':<34}{regie_pve:>10.3f}{regie_pve / raw_pve:>8.2f}   ≤ 1.5")
    scopes = {"Excel, one tender (Haarlem 2018)": ([ids["haarlem_2018"]], 5)}
    if args.all_tenders:
        scopes["Excel, all tenders"] = (None, args.excel_rounds)
    for label, (tender_ids, rounds) in scopes.items():
        regie_xlsx, raw_xlsx, written = excel_comparison(database_url, rounds, tender_ids)
        print(f"\n{label:<34}{'s':>10}{'ratio':>8}   ({written:,} rows, best of {rounds})")
        print(f"{'raw pandas → xlsxwriter':<34}{raw_xlsx:>10.3f}{1:>8.2f}")
        ratio = regie_xlsx / raw_xlsx
        print(f"{'Regie overview (5 sheets)':<34}{regie_xlsx:>10.3f}{ratio:>8.2f}   ≤ 1.3")


if __name__ == "__main__":
    main()
