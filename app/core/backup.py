"""Backups of the whole database: SQLite's online backup (consistent while the app runs),
pg_dump / pg_restore on PostgreSQL (custom format, restored with --clean)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.core.errors import DomainError
from app.extensions import db


def libpq_url(database_url) -> str:
    """The database URL as pg_dump reads it (without SQLAlchemy's driver name), without the
    password: a command line is visible to every user of the server (ps)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url._replace(password=None).render_as_string(False)  # set() keeps a None


def libpq_environment(database_url) -> dict[str, str]:
    """The password through the environment, which only the process and root can read."""
    password = make_url(database_url).password
    return {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}


def _postgres_tool(name: str) -> str:
    binary = shutil.which(name)
    if binary is None:
        raise DomainError(f"{name} ontbreekt op deze server (Debian-pakket postgresql-client).")
    return binary


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, env=libpq_environment(db.engine.url)
    )
    if result.returncode != 0:
        raise DomainError(f"{Path(command[0]).name} mislukte: {result.stderr.strip()[:500]}")


def create_backup(target: Path) -> Path:
    """Write a copy of the database to `target` (which must not exist yet)."""
    if target.exists():
        raise DomainError(f"{target} bestaat al; kies een nieuwe naam.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Created empty and readable by the owner only before anything is written: a backup
    # holds every user's password hash.
    target.touch(mode=0o600, exist_ok=False)
    os.chmod(target, 0o600)  # whatever the umask
    db.session.close()
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection, sqlite3.connect(target) as copy:
            connection.connection.driver_connection.backup(copy)
        copy.close()
    else:
        _run(
            [
                _postgres_tool("pg_dump"),
                "--format=custom",
                f"--file={target}",
                libpq_url(db.engine.url),
            ]
        )
    return target


def restore_backup(source: Path) -> None:
    """Replace everything in the database by the backup in `source`. Stop the app first:
    requests during a restore would see a half-restored database."""
    if not source.is_file():
        raise DomainError(f"{source} bestaat niet.")
    db.session.close()
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(source) as backup, db.engine.connect() as connection:
            backup.backup(connection.connection.driver_connection)
        backup.close()
    else:
        _run(
            [
                _postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={libpq_url(db.engine.url)}",
                str(source),
            ]
        )
        db.engine.dispose()  # no pooled connection keeps a view of the old data
