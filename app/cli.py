"""Command-line interface: the seed, users, contracts and backup command groups."""

import time
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.auth.models import Role, User
from app.auth.services import create_user, normalise_email
from app.auth.sessions import issue_api_token, revoke_api_tokens
from app.contracts.option_services import lapse_missed_options
from app.contracts.services import expire_ended_contracts
from app.contracts.signal_state import rebuild_signal_state
from app.core.backup import create_backup, restore_backup
from app.core.dates import local_today, utcnow
from app.core.errors import DomainError
from app.core.formatting import date_nl
from app.core.settings import current_settings
from app.extensions import db
from app.jobs.queue import run_worker
from app.living_demo import seed_living_demo
from app.scale_data import analyze, seed_scale
from app.seeding import seed_demo_users, seed_haarlem_2018, seed_scenario

seed_cli = AppGroup("seed", help="Scenario's en demodata laden.")
users_cli = AppGroup("users", help="Gebruikers en API-tokens beheren.")
contracts_cli = AppGroup("contracts", help="Dagelijks contractonderhoud.")
backup_cli = AppGroup("backup", help="Een reservekopie maken of terugzetten.")


@backup_cli.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
def backup_create_command(target: Path | None) -> None:
    """Een reservekopie van de hele database maken (standaard in instance/backups/)."""
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = target or Path(current_app.instance_path) / "backups" / f"regie-{stamp}.backup"
    try:
        written = create_backup(target)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Reservekopie gemaakt: {written} ({written.stat().st_size:,} bytes)")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Alles in de database wordt vervangen. Doorgaan?")
def backup_restore_command(source: Path) -> None:
    """De database terugzetten uit een reservekopie (stop de applicatie eerst)."""
    try:
        restore_backup(source)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Teruggezet uit {source}.")


@contracts_cli.command("update-statuses")
def update_statuses_command() -> None:
    """Gemiste opties laten vervallen en afgelopen contracten als verlopen markeren (dagelijks)."""
    today = local_today()
    lapsed = lapse_missed_options(None, today=today)
    expired = expire_ended_contracts(None, today=today)
    db.session.commit()
    for option in lapsed:
        click.echo(f"{option.contract.reference}: optie {option.number} vervallen")
    for contract in expired:
        click.echo(f"{contract.reference}: verlopen op {date_nl(contract.current_end_on)}")
    click.echo(f"{len(lapsed)} optie(s) vervallen, {len(expired)} contract(en) verlopen.")


@seed_cli.command("haarlem-2018")
def seed_haarlem_command() -> None:
    """Het Haarlemse scenario 2018 laden (nogmaals draaien verandert niets)."""
    report = seed_haarlem_2018()
    db.session.commit()
    _report_seed("Haarlem 2018", report)


def _report_seed(name: str, report) -> None:
    if not report.total:
        click.echo(f"{name} was al geladen; er is niets gewijzigd.")
        return
    click.echo(f"{name} geladen:")
    for kind, count in report.created.items():
        click.echo(f"  {count:>3} {kind}")


@seed_cli.command("pijnacker-nootdorp-2020")
def seed_pijnacker_nootdorp_command() -> None:
    """Pijnacker-Nootdorp: perspectieven, budget 2020 zoals afgedrukt, doelstellingen en normen
    (nogmaals draaien verandert niets)."""
    report = seed_scenario(None, "pijnacker-nootdorp-2020")
    db.session.commit()
    _report_seed("Pijnacker-Nootdorp 2020", report)


@seed_cli.command("zaanstad-2016")
def seed_zaanstad_command() -> None:
    """Zaanstad: indeling, doelgroepen, routes zoals BaanStede en de geplande raadsbesluiten
    (nogmaals draaien verandert niets)."""
    report = seed_scenario(None, "zaanstad-2016")
    db.session.commit()
    _report_seed("Zaanstad 2016", report)


@seed_cli.command("living-demo")
def seed_living_demo_command() -> None:
    """Haarlem 2018 als geschiedenis en een lopende vervolginkoop tot vandaag (illustratief;
    nogmaals draaien verandert niets)."""
    report = seed_living_demo(None, today=local_today(), settings=current_settings())
    db.session.commit()
    click.echo("Levende demo bijgewerkt:" if report.total else "De levende demo was al bij.")
    for kind, count in report.created.items():
        click.echo(f"  {count:>3} {kind}")


@seed_cli.command("scale")
@click.option("--contracts", type=click.IntRange(1, 100_000), default=5_000, show_default=True)
def seed_scale_command(contracts: int) -> None:
    """Een grote, realistische dataset voor benchmarks toevoegen (geen echte gegevens)."""
    started = time.perf_counter()
    report = seed_scale(contracts, today=local_today())
    db.session.commit()
    analyze()
    click.echo(f"Schaaldataset toegevoegd in {time.perf_counter() - started:.1f} s:")
    for kind, count in report.created.items():
        click.echo(f"  {count:>8} {kind}")


@seed_cli.command("demo-users")
def seed_demo_users_command() -> None:
    """Eén demogebruiker per rol aanmaken en de inloggegevens tonen."""
    users = seed_demo_users()
    db.session.commit()
    for user, password in users:
        shown = password if password else "(bestond al; wachtwoord ongewijzigd)"
        click.echo(f"{user.role.label:<22} {user.email:<24} {shown}")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Volledige naam.")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.password_option(help="Wachtwoord (wordt gevraagd als het ontbreekt).")
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Een gebruiker aanmaken."""
    try:
        user = create_user(None, email=email, name=name, role=Role(role), password=password)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Gebruiker {user.email} ({user.role.label}) is aangemaakt.")


def _user(email: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        raise click.ClickException(f"Er is geen gebruiker met e-mailadres {email}.")
    return user


@users_cli.command("token")
@click.argument("email")
@click.option("--name", required=True, help="Waarvoor het token dient, bijv. Rapportagekoppeling.")
def token_command(email: str, name: str) -> None:
    """Een API-token uitgeven voor de gebruiker met dit e-mailadres (geldig REGIE_TOKEN_DAYS
    dagen)."""
    try:
        token = issue_api_token(
            None, _user(email), name=name, now=utcnow(), lifetime=current_settings().token_lifetime
        )
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(token)


@users_cli.command("revoke-token")
@click.argument("email")
@click.option("--name", help="Alleen het token met deze naam; zonder: alle tokens.")
def revoke_token_command(email: str, name: str | None) -> None:
    """API-tokens van een gebruiker intrekken."""
    user = _user(email)
    revoked = revoke_api_tokens(None, user, name=name)  # None: the system, like the seeds
    if not revoked:
        raise click.ClickException("Er is geen geldig token dat hierop past.")
    db.session.commit()
    click.echo(f"{revoked} token(s) ingetrokken voor {user.email}.")


signals_cli = AppGroup("signals", help="De signalering.")


@signals_cli.command("rebuild")
def rebuild_signals_command() -> None:
    """De bijgehouden signaleringsgegevens opnieuw uit de historie berekenen."""
    rebuild_signal_state()
    db.session.commit()
    click.echo("De signaleringsgegevens zijn opnieuw berekend.")


jobs_cli = AppGroup("jobs", help="Achtergrondtaken (PDF's, grote overzichten).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stoppen zodra de wachtrij leeg is.")
def jobs_worker(burst: bool) -> None:
    """Taken uit de wachtrij in Redis uitvoeren (REDIS_URL moet gezet zijn)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is niet gezet: zonder Redis draaien de taken in de webserver zelf."
        )
    run_worker(current_app._get_current_object(), burst=burst)


def register_cli(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
    app.cli.add_command(signals_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(contracts_cli)
    app.cli.add_command(backup_cli)
