"""Every mutating service writes an audit event, and the log cannot be rewritten."""

import ast
from pathlib import Path

import pytest

from app.auth.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from tests.conftest import make_user

APP = Path(__file__).resolve().parents[2] / "app"
AUDIT_WRITERS = {"record_event", "record_create", "record_delete", "apply_changes", "change_status"}


def service_functions() -> dict[str, ast.FunctionDef]:
    functions = {}
    for path in sorted(APP.glob("*/*services.py")):  # services.py, lot_services.py, …
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                functions[f"{path.parent.name}.{node.name}"] = node
    return functions


def called_names(function: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            callee = node.func
            names.add(callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", ""))
    return names


def test_every_mutating_service_writes_an_audit_event():
    """A mutating service is verb-named and takes the actor (docs/design.md §4); it must reach an
    audit writer, directly or through the services it calls."""
    functions = service_functions()
    by_name: dict[str, list[ast.FunctionDef]] = {}
    for qualified, node in functions.items():
        by_name.setdefault(qualified.split(".")[1], []).append(node)

    def audits(node: ast.FunctionDef, seen: frozenset = frozenset()) -> bool:
        calls = called_names(node)
        if calls & AUDIT_WRITERS:
            return True
        return any(
            audits(callee, seen | {node.name})
            for name in calls - seen
            for callee in by_name.get(name, [])
        )

    mutating = {
        qualified: node
        for qualified, node in functions.items()
        if not node.name.startswith(("_", "check_"))
        and node.args.args
        and node.args.args[0].arg == "actor"
    }
    assert len(mutating) >= 45
    silent = sorted(qualified for qualified, node in mutating.items() if not audits(node))
    assert silent == []


def test_the_log_cannot_be_changed_or_deleted(app):
    make_user(Role.ADMIN)
    event = db.session.scalars(db.select(AuditEvent)).first()
    event.actor_name = "Iemand anders"
    with pytest.raises(RuntimeError, match="kan niet worden gewijzigd"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(db.select(AuditEvent)).first())
    with pytest.raises(RuntimeError, match="kan niet worden gewijzigd"):
        db.session.flush()
    db.session.rollback()
