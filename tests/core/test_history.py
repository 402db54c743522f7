from app.contracts.models import Supplier
from app.core.audit import SKIPPED_FIELDS, AuditEvent, name_rows_of
from app.extensions import db
from tests.conftest import counted_queries


def test_every_logged_field_has_a_dutch_name_or_is_bookkeeping(app):
    unnamed = {
        f"{mapper.class_.__name__}.{column.name}"
        for mapper in db.Model.registry.mappers
        if mapper.class_ is not AuditEvent  # never logged itself
        and not getattr(mapper.class_, "__bookkeeping__", False)  # nor is bookkeeping
        for column in mapper.local_table.columns
        if column.name not in SKIPPED_FIELDS
        and not column.info.get("label")
        and not column.info.get("bookkeeping")
    }
    assert unnamed == set()


def test_a_log_names_the_rows_it_points_at_with_one_statement_per_table(app, haarlem):
    """The Haarlem contracts' creation names their lots and suppliers: looked up together
    beforehand, reading the lines needs no statement of its own per row."""
    with app.app_context():  # afresh: no name remembered yet
        events = db.session.scalars(
            db.select(AuditEvent).filter_by(object_type="FrameworkContract", action="create")
        ).all()
        suppliers = {event.changes["supplier_id"][1] for event in events}
        assert len(suppliers) >= 3
        with counted_queries() as statements:
            name_rows_of(events)
        assert len(statements) == 2  # lots, suppliers
        with counted_queries() as statements:
            lines = [line for event in events for line in event.lines]
        assert statements == []
        named = {after for field, _, after in lines if field == "opdrachtnemer"}
        assert named == {db.session.get(Supplier, key).name for key in suppliers}
