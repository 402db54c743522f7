"""Who may do what: one table role → actions, one predicate, one decorator."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.auth.models import Role

READ_ALL = {
    "tender.view",
    "contract.view",
    "approval.view",
    "audit.view",
    "budget.view",
    "programme.view",
    "token.revoke",
}
# A municipality's budget plans and programme, kept by those who buy and steer what they pay for.
PLAN_EDIT = {"budget.edit", "programme.edit"}
REQUEST_APPROVAL = {"approval.request", "approval.withdraw", "export.download"}

ROLE_ACTIONS: dict[Role, frozenset[str]] = {
    Role.PROCUREMENT_ADVISER: frozenset(
        READ_ALL | REQUEST_APPROVAL | PLAN_EDIT | {"tender.edit", "supplier.edit"}
    ),
    Role.CONTRACT_MANAGER: frozenset(
        READ_ALL | REQUEST_APPROVAL | {"contract.edit", "steering.log", "supplier.edit"} | PLAN_EDIT
    ),
    Role.ALDERMAN: frozenset(READ_ALL | {"approval.decide", "export.download"}),
    Role.ADMIN: frozenset(READ_ALL | {"users.manage", "reference_data.manage"}),
}

# Rules that also look at the object, on top of the role table.
OBJECT_RULES: dict[str, Callable] = {
    "approval.decide": lambda user, request: request.requester_id != user.id,
    "approval.withdraw": lambda user, request: request.requester_id == user.id,
    # Everyone revokes their own API tokens; an admin anyone's.
    "token.revoke": lambda user, token: (
        token.user_id == user.id or "users.manage" in ROLE_ACTIONS[user.role]
    ),
}


def can(user, action: str, obj=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    allowed = action in ROLE_ACTIONS[user.role]
    rule = OBJECT_RULES.get(action)
    return allowed and (obj is None or rule is None or rule(user, obj))


def require(action: str):
    """View decorator: 401 for anonymous users, 403 for users whose role does not allow it."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_action = action  # read by the access-matrix test
        return wrapped

    return decorator
