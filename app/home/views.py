"""The start page: what each role needs first."""

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.approvals.queries import count_open_requests
from app.auth.models import Role
from app.contracts import queries as contract_queries
from app.core.dates import local_today
from app.core.settings import current_settings
from app.home import dashboard as dashboard_queries
from app.home.charts import budget_svg, options_svg
from app.home.tasks import count_tasks, list_tasks
from app.permissions import require
from app.steering.models import Rating
from app.steering.views import svg_image
from app.tenders import queries as tender_queries

bp = Blueprint("home", __name__)


@bp.get("/")
@require("tender.view")
def index():
    if current_user.role == Role.CONTRACT_MANAGER:
        return redirect(url_for("signals.index"))  # the contract manager starts from signals
    if current_user.role == Role.ALDERMAN:
        return redirect(url_for("home.dashboard"))  # how the contracts do, open requests on top
    return render_template(
        "home/index.html",
        role=current_user.role,
        sections=("tenders", "contracts"),
        tender_page=tender_queries.page_tenders(),
        contract_page=contract_queries.page_contracts(),
    )


@bp.get("/overzicht")
@require("contract.view")
def dashboard():
    today = local_today()
    year = shown_year(request.args.get("jaar", today.year, type=int), today)
    return render_template(
        "home/dashboard.html",
        open_requests=count_open_requests(),
        year=year,
        groups=dashboard_queries.budget_by_target_group(year, current_settings().municipality),
        grid=dashboard_queries.kpi_grid(),
        options=dashboard_queries.option_deadlines(today),
        ratings=list(Rating),
    )


def shown_year(year: int, today: date) -> int:
    """A year the overview can show; any other is a page that does not exist."""
    if not 2000 <= year <= today.year + 10:
        abort(404)
    return year


@bp.get("/overzicht/budget-<int:year>.svg")
@require("contract.view")
def budget_chart(year: int):
    shown_year(year, local_today())
    groups = dashboard_queries.budget_by_target_group(year, current_settings().municipality)
    return svg_image(budget_svg(groups, year))


@bp.get("/overzicht/opties.svg")
@require("contract.view")
def options_chart():
    today = local_today()
    return svg_image(options_svg(dashboard_queries.option_deadlines(today), today))


@bp.get("/taken")
@require("tender.view")
def tasks():
    today = local_today()
    tasks = list_tasks(current_user, today)
    g.task_count = tasks.count  # the menu's, counted as far (task_count)
    return render_template("home/tasks.html", tasks=tasks, today=today)


def task_count() -> int:
    """For the navigation: how much waits in the user's Mijn taken."""
    if "task_count" not in g:
        g.task_count = count_tasks(current_user, local_today())
    return g.task_count
