"""The migrations are the schema: one head, date-prefixed files, nothing the models lack."""

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from app.extensions import db

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def script_directory(app) -> ScriptDirectory:
    migrate: Migrate = app.extensions["migrate"].migrate
    return ScriptDirectory.from_config(migrate.get_config())


def test_single_alembic_head(app):
    assert len(script_directory(app).get_heads()) == 1


def test_migration_files_are_date_prefixed():
    files = [p.name for p in VERSIONS.glob("*.py")]
    assert files
    assert all(re.match(r"^\d{8}_[0-9a-f]+_\w+\.py$", name) for name in files), files


def test_migrated_database_matches_the_models(app):
    # The session fixture built the schema with `flask db upgrade`; it must equal the models.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_database_is_at_head(app):
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == script_directory(app).get_current_head()
