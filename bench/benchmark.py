"""Benchmark: Regie's pages against a bare Flask + SQLAlchemy page on the same data.

Run from the repository root: PYTHONPATH=. .venv/bin/python bench/benchmark.py [--requests N]

It builds a scratch SQLite database with the Haarlem 2018 scenario, then times N requests
per page in-process (Flask test client, so the network is not measured) and reports each
page's throughput as a ratio of the reference: a bare Flask view that lists 50 rows with one
query and a precompiled template. A ratio of 0.5 means half the reference throughput.
"""

import argparse
import os
import tempfile
import time
from datetime import date

from flask import Flask
from sqlalchemy import create_engine, text

REFERENCE_TEMPLATE = """<table>{% for row in rows %}<tr><td>{{ row.sequence }}</td>
<td>{{ row.period_start_on }}</td><td>{{ row.due_on }}</td><td>{{ row.status }}</td></tr>
{% endfor %}</table>"""


def reference_app(database_url: str) -> Flask:
    """The floor: one query, 50 rows, one small template."""
    app = Flask("reference")
    engine = create_engine(database_url)
    template = app.jinja_env.from_string(REFERENCE_TEMPLATE)  # compiled once, like a file
    query = text("SELECT sequence, period_start_on, due_on, status FROM steering_moments LIMIT 50")

    @app.get("/")
    def rows():
        with engine.connect() as connection:
            return template.render(rows=connection.execute(query).all())

    return app


def throughput(client, url: str, requests: int) -> float:
    client.get(url)  # warm up: template compilation, first query
    started = time.perf_counter()
    for _ in range(requests):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return requests / (time.perf_counter() - started)


def pve_comparison(app, rounds: int) -> tuple[float, float]:
    """Seconds per PvE (7 lots, 150 requirements): Regie's generate_pve vs a raw docxtpl render
    of the same template and context (default environment, nothing stored)."""
    from io import BytesIO

    from docxtpl import DocxTemplate

    from app.auth.models import Role, User
    from app.documents.models import DocumentKind
    from app.documents.services import active_template, generate_pve
    from app.extensions import db
    from app.tenders.models import Lot, LotRequirement, Tender

    with app.app_context():
        tender = db.session.scalar(db.select(Tender).filter_by(route="tender"))
        lots = list(tender.lots)
        extra = Lot(
            number=7,
            title="EVC-trajecten",
            target_group_id=lots[0].target_group_id,
            budget_per_year=lots[0].budget_per_year,
            initial_months=24,
            option_months=[12, 12],
            notice_months=3,
        )
        tender.lots.append(extra)
        db.session.flush()
        have = sum(len(lot.requirements) for lot in tender.lots)
        for index in range(150 - have):
            lot = tender.lots[index % len(tender.lots)]
            lot.requirements.append(
                LotRequirement(
                    text=f"Aanvullende eis {index + 1}: rapportage & <bijsturing> per kwartaal.",
                    kind="knockout",
                    category="quality",
                    position=100 + index,
                )
            )
        db.session.commit()
        assert sum(len(lot.requirements) for lot in tender.lots) == 150
        actor = db.session.scalar(db.select(User).filter_by(role=Role.CONTRACT_MANAGER))
        document = generate_pve(actor, tender, today=date.today())  # warm up
        context, template = document.data_snapshot, active_template(DocumentKind.PVE).content

        started = time.perf_counter()
        for _ in range(rounds):
            generate_pve(actor, tender, today=date.today())
        db.session.rollback()
        regie = (time.perf_counter() - started) / rounds

        started = time.perf_counter()
        for _ in range(rounds):
            raw = DocxTemplate(BytesIO(template))
            raw.render(context)
            raw.save(BytesIO())
        return regie, (time.perf_counter() - started) / rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--documents", type=int, default=10, help="PvE renders per side")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp()
    database_url = f"sqlite:///{scratch}/bench.db"
    os.environ["DATABASE_URL"] = database_url
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.contracts.models import FrameworkContract
    from app.extensions import db
    from app.seeding import seed_haarlem_2018
    from app.tenders.models import Tender
    from config import DevelopmentConfig

    class BenchConfig(DevelopmentConfig):
        DEBUG = False
        SQLALCHEMY_DATABASE_URI = database_url
        WTF_CSRF_ENABLED = False

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed_haarlem_2018()
        db.session.commit()
        seed_seconds = time.perf_counter() - started
        create_user(
            None,
            email="bench@regie.example",
            name="Bench",
            role=Role.CONTRACT_MANAGER,
            password="benchmark-wachtwoord",
        )
        db.session.commit()
        tender_id = db.session.scalar(db.select(Tender.id).order_by(Tender.id).limit(1))
        contract_id = db.session.scalar(db.select(FrameworkContract.id).limit(1))

    client = app.test_client()
    client.post("/login", data={"email": "bench@regie.example", "password": "benchmark-wachtwoord"})
    reference = throughput(reference_app(database_url).test_client(), "/", args.requests)
    pages = {
        "signals (start page)": "/signalering/",
        "contract list": "/contracten/",
        "tender detail": f"/inkooptrajecten/{tender_id}",
        "contract detail": f"/contracten/{contract_id}",
        "API budget overview": "/api/v1/budget-overview?year=2018",
        "API contract": f"/api/v1/contracts/{contract_id}",
    }
    print(f"Seed Haarlem 2018: {seed_seconds * 1000:.0f} ms")
    print(f"{'page':<22}{'req/s':>10}{'ratio':>8}")
    print(f"{'reference (50 rows)':<22}{reference:>10.0f}{1:>8.2f}")
    for name, url in pages.items():
        rate = throughput(client, url, args.requests)
        print(f"{name:<22}{rate:>10.0f}{rate / reference:>8.2f}")

    regie, raw = pve_comparison(app, args.documents)
    print(f"\n{'PvE, 7 lots, 150 requirements':<32}{'s each':>8}")
    print(f"{'raw docxtpl render':<32}{raw:>8.3f}")
    print(f"{'Regie generate_pve':<32}{regie:>8.3f}   ratio {regie / raw:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
