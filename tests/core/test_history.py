from app.core.audit import BOOKKEEPING_FIELDS, FIELD_LABELS, SKIPPED_FIELDS, AuditEvent
from app.core.data_version import DataVersion
from app.extensions import db


def test_every_logged_field_has_a_dutch_name_or_is_bookkeeping(app):
    unnamed = {
        f"{mapper.class_.__name__}.{column.name}"
        for mapper in db.Model.registry.mappers
        if mapper.class_ not in (AuditEvent, DataVersion)  # never logged themselves
        for column in mapper.local_table.columns
        if column.name not in FIELD_LABELS | dict.fromkeys(SKIPPED_FIELDS | BOOKKEEPING_FIELDS)
    }
    assert unnamed == set()
