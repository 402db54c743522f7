"""`flask backup create` and `flask backup restore` round-trip every table."""

from app.core.backup import libpq_environment, libpq_url
from app.extensions import db
from app.steering.models import KpiResult, SteeringMoment
from app.tenders.models import Tender
from tests.factories import log


def every_row() -> dict[str, list]:
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
        for table in db.metadata.sorted_tables
    }


def test_a_backup_brings_back_the_haarlem_scenario_with_logged_moments(
    client,
    runner,
    pasmatch,
    tmp_path,
):
    first, second = pasmatch.steering_moments[:2]
    log(client, first, {"started": "50", "dropout": "4"}, **{"actions-0-text": "Bellen",
        "actions-0-owner": "Karim", "actions-0-due_on": "2018-10-01"})  # fmt: skip
    db.session.expire_all()
    log(client, db.session.get(SteeringMoment, second.id), {"started": "80"}, held_on="2019-02-01")
    saved = every_row()
    assert len(saved["kpi_results"]) == 3 and len(saved["actions"]) == 1

    target = tmp_path / "regie.backup"
    created = runner.invoke(args=["backup", "create", str(target)])
    assert created.exit_code == 0, created.output
    assert "Reservekopie gemaakt" in created.output and target.stat().st_size > 0
    assert target.stat().st_mode & 0o777 == 0o600  # it holds every password hash
    again = runner.invoke(args=["backup", "create", str(target)])
    assert again.exit_code != 0 and "bestaat al" in again.output  # never overwritten

    db.session.execute(db.delete(KpiResult))
    db.session.execute(db.update(Tender).values(title="Kwijt"))
    db.session.commit()
    assert every_row() != saved

    refused = runner.invoke(args=["backup", "restore", str(target)], input="n\n")
    assert refused.exit_code != 0 and every_row() != saved  # asks first
    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert every_row() == saved


def test_restoring_a_missing_file_is_refused_in_dutch(runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", str(tmp_path / "weg.backup"), "--yes"])
    assert result.exit_code != 0 and "bestaat niet" in result.output


def test_the_database_password_never_reaches_a_command_line():
    url = "postgresql+psycopg://regie:geheim%21@db.gemeente.example:5432/regie"
    assert "geheim" not in libpq_url(url)
    assert libpq_url(url) == "postgresql://regie@db.gemeente.example:5432/regie"
    assert libpq_environment(url)["PGPASSWORD"] == "geheim!"
