"""Every foreign key has an index that starts with its columns: reading a row's children or
deleting a parent never scans the child table."""

from app.extensions import db


def leading_columns(table) -> set[str]:
    """The first column of every index, the primary key and every unique constraint."""
    keys = [list(index.columns) for index in table.indexes]
    keys += [list(table.primary_key.columns)]
    keys += [
        list(constraint.columns)
        for constraint in table.constraints
        if type(constraint).__name__ == "UniqueConstraint"
    ]
    return {columns[0].name for columns in keys if columns}


def test_every_foreign_key_has_an_index(app):
    unindexed = [
        f"{table.name}.{foreign_key.column_keys[0]}"
        for table in db.metadata.sorted_tables
        for foreign_key in table.foreign_key_constraints
        if foreign_key.column_keys[0] not in leading_columns(table)
    ]
    assert unindexed == []
