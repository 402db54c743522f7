"""Benchmark: Regie's pages, served by gunicorn, against a bare Flask + SQLAlchemy page.

Run from the repository root: .venv/bin/python bench/benchmark.py [--contracts 5000]

It builds a scratch SQLite database (or uses --database-url, e.g. an empty PostgreSQL
database) with the Haarlem 2018 scenario plus the scale data set (`flask seed scale`), serves
Regie and the reference app (bench/reference.py: one query, 50 rows) each with gunicorn and
2 workers on 127.0.0.1, and applies the same bounded load to every page: wrk (Debian package
`wrk`) when installed, else a Python keep-alive load loop. Each page's throughput is given as a
ratio of the reference's, the two measured in turns. The signals and the contract list are
rendered once per state of the data; they are measured a second time with that cache off
(REGIE_CACHE_PAGES=0), which is what the first view after each change costs. Document
generation is compared in-process: Regie's PvE against a raw docxtpl render of the same
template and context, and the Excel overview of every tender (queries included) against a raw
pandas write of the same frames.
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
from concurrent.futures import ProcessPoolExecutor
from datetime import date
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
        seed_scale(contracts, today=date.today())
        db.session.commit()
        seeded = time.perf_counter() - started
        analyze()
        create_user(
            None, email=USER, name="Benchmark", role=Role.CONTRACT_MANAGER, password=PASSWORD
        )
        db.session.commit()
        return {
            "seconds": seeded,
            "tender": db.session.scalar(db.select(Tender.id).order_by(Tender.id).limit(1)),
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


def _python_load(port: int, path: str, cookie: str, seconds: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    done, until = 0, time.perf_counter() + seconds
    while time.perf_counter() < until:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        done += 1
    return done


def throughput(port: int, path: str, cookie: str, seconds: float, connections: int) -> float:
    """Requests per second under a bounded load of `connections` keep-alive connections."""
    _python_load(port, path, cookie, 0.5)  # warm up both workers' caches and templates
    if shutil.which("wrk"):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{round(seconds)}s"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "Non-2xx" in output:
            raise SystemExit(f"{path}: error responses under load\n{output}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    with ProcessPoolExecutor(connections) as pool:
        jobs = [pool.submit(_python_load, port, path, cookie, seconds) for _ in range(connections)]
        return sum(job.result() for job in jobs) / seconds


def against_reference(
    reference_port: int, port: int, path: str, cookie: str, args: argparse.Namespace
) -> tuple[float, float]:
    """The page's and the reference's requests per second, measured in turns (reference,
    page, reference, page, …) so that a busy moment on the machine weighs on both alike."""
    seconds = args.seconds / args.turns
    page = reference = 0.0
    for _ in range(args.turns):
        reference += throughput(reference_port, "/", "", seconds, args.connections)
        page += throughput(port, path, cookie, seconds, args.connections)
    return page / args.turns, reference / args.turns


def pve_comparison(database_url: str, rounds: int) -> tuple[float, float]:
    """Seconds per PvE of the Haarlem tender: generate_pve vs a raw docxtpl render."""
    from io import BytesIO

    from docxtpl import DocxTemplate

    from app import create_app
    from app.auth.models import User
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
        document = generate_pve(actor, tender, today=date.today(), settings=settings)  # warm up
        context, template = document.data_snapshot, active_template(DocumentKind.PVE).content
        started = time.perf_counter()
        for _ in range(rounds):
            generate_pve(actor, tender, today=date.today(), settings=settings)
        regie = (time.perf_counter() - started) / rounds
        db.session.rollback()
        started = time.perf_counter()
        for _ in range(rounds):
            raw = DocxTemplate(BytesIO(template))
            raw.render(context)
            raw.save(BytesIO())
        return regie, (time.perf_counter() - started) / rounds


def excel_comparison(database_url: str, rounds: int) -> tuple[float, float, int]:
    """Seconds for the Excel overview of every tender (queries, frames and the formatted
    workbook) vs a raw pandas → xlsxwriter write of the same frames; and the rows written.
    Each side takes the best of `rounds`, so a busy moment on the machine counts for neither."""
    from io import BytesIO

    import pandas as pd

    from app import create_app
    from app.exports.excel import write_workbook
    from app.exports.overview import MONEY_COLUMNS, UNIT_COLUMNS, build_overview
    from config import DevelopmentConfig

    os.environ["DATABASE_URL"] = database_url
    regie, raw = [], []
    with create_app(DevelopmentConfig).app_context():
        for _ in range(rounds):
            started = time.perf_counter()
            frames = build_overview(None, since=None)
            write_workbook(frames, MONEY_COLUMNS, UNIT_COLUMNS)
            regie.append(time.perf_counter() - started)
            started = time.perf_counter()
            with pd.ExcelWriter(BytesIO(), engine="xlsxwriter") as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name, index=False)
            raw.append(time.perf_counter() - started)
        return min(regie), min(raw), sum(len(frame) for frame in frames.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="load per page")
    parser.add_argument("--turns", type=int, default=5, help="alternations with the reference")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--documents", type=int, default=10, help="renders per side")
    parser.add_argument("--excel-rounds", type=int, default=2, help="Excel writes per side")
    parser.add_argument("--database-url", help="an empty database (default: scratch SQLite)")
    args = parser.parse_args()
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
    pages = {
        "signals (start page)": "/signalering/",
        "contract list": "/contracten/",
        "contract detail": f"/contracten/{ids['contract']}",
        "tender detail": f"/inkooptrajecten/{ids['tender']}",
        "API contracts (50, JSON)": "/api/v1/contracts",
        "overview (dashboard)": "/overzicht",
        "Mijn taken": "/taken",
    }
    cached_pages = ("signals (start page)", "contract list")
    reference, reference_port = serve("bench.reference:app", env)
    regie, regie_port = serve("wsgi:app", env)
    uncached, uncached_port = serve("wsgi:app", env | {"REGIE_CACHE_PAGES": "0"})
    try:
        cookie = login(regie_port)
        rates = {
            name: against_reference(reference_port, regie_port, path, cookie, args)
            for name, path in pages.items()
        }
        cookie = login(uncached_port)
        afresh = {
            name: against_reference(reference_port, uncached_port, pages[name], cookie, args)
            for name in cached_pages
        }
    finally:
        for server in (reference, regie, uncached):
            server.send_signal(signal.SIGTERM)
            server.wait()

    load = "wrk" if shutil.which("wrk") else "Python load loop"
    print(
        f"\nServed by gunicorn (2 workers); {load}, {args.connections} connections, "
        f"{args.seconds:.0f} s per page and as long for the reference, in {args.turns} turns"
    )
    print(f"{'page':<28}{'req/s':>9}{'reference':>11}{'ratio':>8}   target ≥ 0.50")
    for name, (rate, floor) in rates.items():
        print(f"{name:<28}{rate:>9.0f}{floor:>11.0f}{rate / floor:>8.2f}")
    print("Rendered afresh on every view (REGIE_CACHE_PAGES=0), as after each change:")
    for name, (rate, floor) in afresh.items():
        print(f"{name:<28}{rate:>9.0f}{floor:>11.0f}{rate / floor:>8.2f}")

    regie_pve, raw_pve = pve_comparison(database_url, args.documents)
    print(f"\n{'document':<28}{'s each':>9}{'ratio':>8}")
    print(f"{'raw docxtpl render':<28}{raw_pve:>9.3f}{1:>8.2f}")
    ratio = regie_pve / raw_pve
    print(f"{'Regie PvE (Haarlem 2018)':<28}{regie_pve:>9.3f}{ratio:>8.2f}   target ≤ 1.5")

    regie_xlsx, raw_xlsx, rows = excel_comparison(database_url, args.excel_rounds)
    print(
        f"\n{'Excel, all tenders':<28}{'s':>9}{'ratio':>8}   "
        f"({rows:,} rows, best of {args.excel_rounds})"
    )
    print(f"{'raw pandas → xlsxwriter':<28}{raw_xlsx:>9.2f}{1:>8.2f}")
    ratio = regie_xlsx / raw_xlsx
    print(f"{'Regie overview (5 sheets)':<28}{regie_xlsx:>9.2f}{ratio:>8.2f}   target ≤ 1.3")


if __name__ == "__main__":
    main()
