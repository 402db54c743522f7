from app.auth.models import User
from app.core.dates import local_today
from app.extensions import db
from app.models import Tender


def test_seed_haarlem_twice(runner):
    first = runner.invoke(args=["seed", "haarlem-2018"])
    assert first.exit_code == 0, first.output
    assert "Haarlem 2018 geladen" in first.output and "8 percelen" in first.output
    second = runner.invoke(args=["seed", "haarlem-2018"])
    assert "al geladen; er is niets gewijzigd" in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Tender)) == 3


def test_demo_users_one_per_role_with_printed_passwords(runner, client):
    result = runner.invoke(args=["seed", "demo-users"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 5  # one per role, and a second adviser to review
    roles = {user.role.value for user in db.session.scalars(db.select(User))}
    assert roles == {"procurement_adviser", "contract_manager", "alderman", "admin"}
    email, password = lines[3].split()[-2:]
    assert email == "wethouder@regie.example"
    from tests.conftest import post_form

    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302
    again = runner.invoke(args=["seed", "demo-users"])
    assert again.output.count("bestond al") == 5


def test_token_command_issues_a_working_bearer_token(runner, client, haarlem):
    runner.invoke(args=["seed", "demo-users"])
    result = runner.invoke(args=["users", "token", "contract@regie.example", "--name", "BI"])
    assert result.exit_code == 0
    token = result.output.strip()
    response = client.get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.get_json()["total"] == 7
    revoked = runner.invoke(args=["users", "revoke-token", "contract@regie.example"])
    assert "1 token(s) ingetrokken voor contract@regie.example." in revoked.output
    response = client.get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_for_unknown_user_fails_clearly(runner):
    result = runner.invoke(args=["users", "token", "niemand@regie.example", "--name", "X"])
    assert result.exit_code != 0
    assert "Er is geen gebruiker met e-mailadres niemand@regie.example." in result.output


def test_create_user_command(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "nieuw@regie.example",
            "--name",
            "Nieuw",
            "--role",
            "alderman",
            "--password",
            "een-lang-wachtwoord",
        ]
    )
    assert result.exit_code == 0, result.output
    duplicate = runner.invoke(
        args=[
            "users",
            "create",
            "nieuw@regie.example",
            "--name",
            "Nog eens",
            "--role",
            "admin",
            "--password",
            "een-lang-wachtwoord",
        ]
    )
    assert duplicate.exit_code != 0
    assert "Er bestaat al een gebruiker met dit e-mailadres." in duplicate.output


def test_update_statuses_command(runner, haarlem):
    first = runner.invoke(args=["contracts", "update-statuses"])
    assert first.exit_code == 0, first.output
    assert "2017/532748-IB: optie 1 vervallen" in first.output
    assert "2017/532748-IB: verlopen op 31 december 2019" in first.output
    assert "8 optie(s) vervallen, 4 contract(en) verlopen." in first.output
    again = runner.invoke(args=["contracts", "update-statuses"]).output
    assert "0 optie(s) vervallen, 0 contract(en) verlopen." in again


def test_seed_scale_command(runner):
    from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus
    from app.steering.models import SteeringMoment

    result = runner.invoke(args=["seed", "scale", "--contracts", "20"])
    assert result.exit_code == 0, result.output
    assert "20 Raamcontract" in result.output
    contracts = db.session.scalars(db.select(FrameworkContract)).all()
    assert len(contracts) == 20
    for contract in contracts:  # stored dates agree with the rules that maintain them
        stored = (contract.current_end_on, [o.notice_deadline_on for o in contract.options])
        contract.plan_dates()
        assert stored == (contract.current_end_on, [o.notice_deadline_on for o in contract.options])
        assert contract.is_running == (contract.current_end_on >= local_today())
        if contract.is_running and OptionStatus.EXERCISED in {o.status for o in contract.options}:
            assert contract.status == ContractStatus.EXTENDED
    assert {ContractStatus.ACTIVE, ContractStatus.EXPIRED} <= {c.status for c in contracts}
    assert db.session.scalar(db.select(db.func.count()).select_from(SteeringMoment)) > 20 * 4
    again = runner.invoke(args=["seed", "scale", "--contracts", "5"])
    assert again.exit_code == 0, again.output  # a second run adds, with fresh names and ids
    assert db.session.scalar(db.select(db.func.count()).select_from(FrameworkContract)) == 25
