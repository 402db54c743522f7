from app.core.audit import SKIPPED_FIELDS, AuditEvent
from app.core.data_version import DataVersion
from app.extensions import db


def test_every_logged_field_has_a_dutch_name_or_is_bookkeeping(app):
    unnamed = {
        f"{mapper.class_.__name__}.{column.name}"
        for mapper in db.Model.registry.mappers
        if mapper.class_ not in (AuditEvent, DataVersion)  # never logged themselves
        and not getattr(mapper.class_, "__bookkeeping__", False)  # nor is bookkeeping
        for column in mapper.local_table.columns
        if column.name not in SKIPPED_FIELDS
        and not column.info.get("label")
        and not column.info.get("bookkeeping")
    }
    assert unnamed == set()
