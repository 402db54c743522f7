"""Signals: what a contract manager must act on, in a fixed number of queries."""

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract
from app.contracts.queries import list_contracts
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.contracts.signal_state import rebuild_signal_state
from app.contracts.signals import list_signals
from app.core.dates import local_today
from app.extensions import db
from app.scale_data import analyze, seed_scale
from app.steering.models import KpiDefinition
from app.tenders.models import Lot
from tests.conftest import ON_POSTGRESQL, counted_queries, normalise, post_form
from tests.factories import bearer, form_data, haarlem_tender

LEAD = timedelta(weeks=8)


def test_signals_on_a_day_in_2019(haarlem):
    signals = list_signals(date(2019, 8, 10), LEAD)
    assert [(s.contract.reference, s.number, s.notice_deadline_on) for s in signals.options] == [
        ("2017/532748-1", 1, date(2019, 9, 30)),
        ("2017/532748-4", 1, date(2019, 9, 30)),
        ("2017/532748-6", 1, date(2019, 9, 30)),
        ("2017/532748-IB", 1, date(2019, 9, 30)),
    ]
    assert len(signals.overdue_moments) == 12  # three moments each, none logged
    assert {c.reference for c in signals.ending} == {
        "2017/532748-1",
        "2017/532748-4",
        "2017/532748-6",
        "2017/532748-IB",
    }
    before_warning = list_signals(date(2019, 8, 4), LEAD)
    assert before_warning.options == []


def test_a_red_kpi_is_signalled_until_a_later_moment_is_better(client, pasmatch):
    first, second = pasmatch.steering_moments[:2]
    url = f"/contracten/{pasmatch.id}/bijsturing/{first.id}"
    post_form(client, url, form_data(first, {"started": "50", "dropout": "4"}))
    red = list_signals(date(2026, 11, 23), LEAD).red_results
    assert [(r.kpi_definition.code, r.value) for r in red] == [("started", Decimal("50.00"))]
    page = client.get("/signalering/").text
    assert "Rode prestatie-indicatoren bij het laatste bijsturingsmoment (1)" in page
    db.session.expire_all()
    url = f"/contracten/{pasmatch.id}/bijsturing/{second.id}"
    post_form(client, url, form_data(second, {"started": "75", "dropout": "4"}))
    assert list_signals(date(2026, 11, 23), LEAD).red_results == []
    body = client.get("/api/v1/signals", headers=bearer(Role.ALDERMAN)).get_json()
    assert body["red_kpis"] == [] and len(body["overdue_steering_moments"]) == 14


def add_contracts(count: int) -> None:
    """More running contracts with overdue moments, options and a red result each."""
    lot = db.session.scalar(db.select(Lot).filter_by(title="Statushouders"))
    started = db.session.scalar(db.select(KpiDefinition).filter_by(code="started"))
    norms = {target.kpi_definition_id: target.target_value for target in lot.kpi_targets}
    assert norms[started.id] == 70  # the seeded norm for started trajectories
    supplier = db.session.scalar(db.select(FrameworkContract)).supplier
    existing = db.session.scalar(db.select(db.func.count()).select_from(FrameworkContract))
    for index in range(count):
        contract = create_contract(
            None,
            reference=f"SCALE-{existing + index}",
            lot=lot,
            supplier=supplier,
            start_on=date(2025, 1, 1),
            initial_months=24,
            options=[OptionTerm(12, 3), OptionTerm(12, 3)],
            ceiling=Decimal("1000.00"),
            status=ContractStatus.ACTIVE,
        )
        from app.steering.models import KpiResult, MomentStatus

        moment = contract.steering_moments[0]
        moment.status, moment.held_on = MomentStatus.NOT_MET, moment.period_end_on
        moment.results.append(
            KpiResult(
                kpi_definition_id=started.id,
                value=Decimal(1),
                target_value=Decimal(70),
                rating="red",
            )
        )
    db.session.flush()
    rebuild_signal_state()  # the moments were marked logged past the service that keeps it
    db.session.commit()


def queries_for(action) -> int:
    db.session.expire_all()
    with counted_queries() as statements:
        action()
    return len(statements)


def test_signals_and_contract_list_do_not_grow_in_queries(client, login_as, haarlem):
    add_contracts(3)
    small = (
        queries_for(lambda: list_signals(date(2026, 11, 23), LEAD)),
        queries_for(list_contracts),
    )
    add_contracts(30)
    large = (
        queries_for(lambda: list_signals(date(2026, 11, 23), LEAD)),
        queries_for(list_contracts),
    )
    assert small == large
    assert len(list_signals(date(2026, 11, 23), LEAD).red_results) == 33
    login_as(Role.CONTRACT_MANAGER)
    with counted_queries() as page_small:
        client.get("/signalering/")
    add_contracts(20)
    with counted_queries() as page_large:
        client.get("/signalering/")
    assert len(page_small) == len(page_large)


def test_contract_list_filters(client, login_as, haarlem):
    from app.contracts.models import Supplier
    from app.tenders.models import TargetGroup

    login_as(Role.ALDERMAN)
    supplier = db.session.scalar(db.select(Supplier).filter_by(name="Pasmatch"))
    youth = db.session.scalar(db.select(TargetGroup).filter_by(code="jongeren_pro_vso"))

    def references(query: str) -> list[str]:
        page = client.get(f"/contracten/?{query}").text
        return sorted(set(__import__("re").findall(r">(2017/532748-[0-9A-Z]+)<", page)))

    assert references(f"supplier={supplier.id}") == ["2017/532748-4", "2017/532748-IB"]
    assert references("status=draft") == ["2017/532748-2", "2017/532748-3", "2017/532748-5"]
    assert references(f"target_group={youth.id}") == ["2017/532748-4", "2017/532748-5"]
    assert references("ends_before=2020-01-01") == [
        "2017/532748-1",
        "2017/532748-3",
        "2017/532748-4",
        "2017/532748-5",
        "2017/532748-6",
        "2017/532748-IB",
    ]  # statushouders ends 31 January 2020
    assert (
        "Geen contracten voldoen aan deze filters."
        in client.get("/contracten/?status=expired").text
    )
    # MBO1's contract has no ceiling yet: the total says so rather than pass for complete.
    footer = re.search(r"<tfoot>.*?</tfoot>", client.get("/contracten/").text, re.S).group(0)
    assert re.search(r"€\xa0[\d.]+,\d\d <span class=\"ntb\">\+ ntb</span>", footer), footer
    drafts = re.search(r"<tfoot>.*?</tfoot>", client.get("/contracten/?status=draft").text, re.S)
    assert "+ ntb" in drafts.group(0)  # two of the three drafts have a ceiling
    bad = client.get("/contracten/?ends_before=gisteren&status=onzin")
    assert bad.status_code == 200 and "Vul een datum in als dd-mm-jjjj" in bad.text  # no 500


def test_contract_list_search_and_sort(client, login_as, haarlem):
    import re

    login_as(Role.CONTRACT_MANAGER)

    def references(query: str) -> list[str]:
        return re.findall(r">(2017/532748-[0-9A-Z]+)<", client.get(f"/contracten/?{query}").text)

    assert references("search=pasmatch") == ["2017/532748-4", "2017/532748-IB"]  # supplier
    assert references("search=ZZP") == ["2017/532748-1"]  # lot title, any case
    assert references("search=100%25") == []  # % is a character, not a wildcard
    by_ceiling = references("sorteer=-plafond")
    assert by_ceiling[:2] == ["2017/532748-IB", "2017/532748-2"]  # € 7,3 mln, € 2,7 mln
    assert by_ceiling[-1] == "2017/532748-5"  # no ceiling yet (ntb) comes last
    assert references("sorteer=einde")[-1] == "2017/532748-2"  # ends January 2020
    page = client.get("/contracten/?sorteer=einde&search=2017").text
    assert 'aria-sort="ascending"><a href="/contracten/?sorteer=-einde&amp;search=2017"' in page
    assert 'name="sorteer" value="einde"' in page  # filtering keeps the order


# The history: rows that only grow. A page may look rows of it up by an index, never read it all.
HISTORY = ("steering_moments", "kpi_results", "actions", "spend", "amendments", "audit_events")


def full_reads(statements: list[tuple[str, Any]]) -> set[str]:
    """The history tables the statements read in full, by the database's own plan: a scan
    (SQLite: "SCAN t", also of a covering index; PostgreSQL: a sequential scan). A table of
    a few rows does not count: scanning it is any planner's cheapest way."""
    found = set()
    with db.engine.connect() as connection:
        small = {
            table
            for table in HISTORY
            if connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() < 1_000
        }
        for sql, parameters in statements:
            if ON_POSTGRESQL:
                plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters)
                nodes = [plan.scalar()[0]["Plan"]]
                while nodes:
                    node = nodes.pop()
                    nodes += node.get("Plans", [])
                    if node["Node Type"] == "Seq Scan" and node["Relation Name"] in HISTORY:
                        found.add(node["Relation Name"])
            else:
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
                for *_, detail in plan:
                    scanned = re.match(r"SCAN (\w+)", detail)
                    if scanned and scanned[1] in HISTORY:
                        found.add(scanned[1])
    return found - small


def test_at_5000_contracts_pages_read_no_more_than_at_50(client, login_as, haarlem):
    """The scale data set (flask seed scale): each page, with its menu, runs the same number
    of SQL statements at 50 and at 5,000 contracts, and none of them reads the moments,
    results, actions, spend or log in full (EXPLAIN)."""
    seed_scale(50, today=local_today())
    db.session.commit()
    login_as(Role.CONTRACT_MANAGER)
    newest = db.select(FrameworkContract.id).order_by(FrameworkContract.id.desc()).limit(1)
    pages = (
        "/signalering/",
        "/contracten/",
        "/contracten/?pagina=3&status=expired",
        "/contracten/{contract}",
        "/inkooptrajecten/{tender}",
        "/taken",
        "/api/v1/contracts",
        "/api/v1/tenders",
        "/api/v1/signals",
        "/api/v1/ocds/releases?per_page=5",
    )

    def statements_per_page() -> dict[str, list]:
        ids = {"contract": db.session.scalar(newest), "tender": haarlem_tender().id}
        read = {}
        for url in pages:
            with counted_queries(with_sql=True) as statements:
                assert client.get(url.format(**ids)).status_code == 200, url
            read[url] = statements
        return read

    small = statements_per_page()
    seed_scale(4_950, today=local_today())
    db.session.commit()
    analyze()
    assert db.session.scalar(db.select(db.func.count()).select_from(FrameworkContract)) == 5_007
    large = statements_per_page()
    assert {url: len(read) for url, read in large.items()} == {
        url: len(read) for url, read in small.items()
    }
    scanned = {url: full_reads(read) for url, read in large.items()}
    assert {url: tables for url, tables in scanned.items() if tables} == {}
    signals = client.get("/signalering/").text
    # Counted up to 100 (the rows read stay the same at any size), the rest said so.
    assert "Verlopen bijsturingsafspraken (meer dan 100)" in signals
    assert "De 25 dringendste van meer dan 100 staan hieronder." in signals
    assert 'text-bg-warning">100+<span class="visually-hidden"> signalen' in signals
    contracts = normalise(client.get("/contracten/").text)
    assert "Totaal (5.007 contracten, 50 op deze pagina)" in contracts
    assert "Pagina 1 van 101" in contracts


def test_the_navigation_counts_what_the_signals_page_lists(client, login_as, haarlem):
    import re

    def badge(page: str) -> int:
        return int(re.search(r'text-bg-warning">(\d+)<span class="visually-hidden', page)[1])

    def listed(page: str) -> int:
        return sum(map(int, re.findall(r'<h2 id="s-[a-z]+" class="h4">[^<]*\((\d+)\)</h2>', page)))

    login_as(Role.CONTRACT_MANAGER)
    add_contracts(3)
    signals = client.get("/signalering/").text  # first: the navigation takes the page's count
    assert badge(signals) == listed(signals) > 0
    add_contracts(2)
    other = client.get("/contracten/").text  # first after the change: counted on its own
    signals = client.get("/signalering/").text
    assert badge(other) == badge(signals) == listed(signals)
