"""The start page: what each role needs first."""

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from app.auth.models import Role
from app.contracts import queries as contract_queries
from app.core.data_version import cached
from app.home.tasks import count_tasks, list_tasks
from app.permissions import require
from app.tenders import queries as tender_queries

bp = Blueprint("home", __name__)


@bp.get("/")
@require("tender.view")
def index():
    if current_user.role == Role.CONTRACT_MANAGER:
        return redirect(url_for("signals.index"))  # the contract manager starts from signals
    if current_user.role == Role.ALDERMAN:
        return redirect(url_for("approvals.index"))  # open requests first
    return render_template(
        "home/index.html",
        role=current_user.role,
        sections=("tenders", "contracts"),
        tender_page=tender_queries.page_tenders(),
        contract_page=contract_queries.page_contracts(),
    )


@bp.get("/taken")
@require("tender.view")
def tasks():
    today = date.today()
    return render_template("home/tasks.html", tasks=list_tasks(current_user, today), today=today)


def task_count() -> int:
    """For the navigation: how much waits in the user's Mijn taken."""
    return count_tasks(current_user, date.today())


def navigation() -> Markup:
    """The logged-in user's menu, on every page. Everything in it (name, role, the signal
    count) changes only with the data or the date, so it is rendered once per user for each."""
    return cached(
        ("navigation", current_user.id, date.today()),
        lambda: Markup(render_template("_navigation.html")),
    )
