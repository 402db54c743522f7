"""Pages for budget plans: the list per municipality, one plan with its figures, and the
forms for the plan, its groups and its lines."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.budgets import queries, services
from app.budgets.forms import BudgetGroupForm, BudgetLineForm, BudgetPlanForm
from app.budgets.models import BudgetGroup, BudgetLine, BudgetSide
from app.core.audit import list_history
from app.extensions import db
from app.forms import field_values, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.programmes.queries import list_programmes
from app.reference.models import Municipality
from app.reference.queries import list_municipalities
from app.tenders.year_budgets import lots_running_in

bp = Blueprint("budgets", __name__, url_prefix="/begrotingen")


@bp.get("/")
@require("budget.view")
def index():
    """Per municipality its budget plans and its programmes: what it spends on what."""
    plans, programmes = queries.list_plans(), list_programmes()
    names = sorted({p.municipality.name for p in plans} | {p.municipality.name for p in programmes})
    return render_template(
        "budgets/index.html",
        municipalities=[
            (
                name,
                [plan for plan in plans if plan.municipality.name == name],
                [programme for programme in programmes if programme.municipality.name == name],
            )
            for name in names
        ],
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require("budget.edit")
def create():
    form = BudgetPlanForm(municipalities=list_municipalities())
    done = run_form(
        form,
        lambda: services.create_budget_plan(
            current_user,
            db.get_or_404(Municipality, int(form.municipality_id.data)),
            values=field_values(form, services.PLAN_FIELDS),
        ),
        "De begroting is aangemaakt; voeg nu haar groepen en regels toe.",
    )
    if done:
        return redirect(url_for("budgets.detail", plan_id=done.result.id))
    return render_template("budgets/plan_form.html", form=form, plan=None)


@bp.get("/<int:plan_id>")
@require("budget.view")
def detail(plan_id: int):
    plan = queries.get_plan(plan_id)
    figures = queries.plan_figures(plan)
    groups = list(zip(plan.groups, figures.groups, strict=True))
    return render_template(
        "budgets/detail.html",
        plan=plan,
        figures=figures,
        sides=[(side, [pair for pair in groups if pair[0].side == side]) for side in BudgetSide],
        history=list_history(plan, page=requested_history_page()),
    )


@bp.route("/<int:plan_id>/bewerken", methods=["GET", "POST"])
@require("budget.edit")
def edit(plan_id: int):
    plan = queries.get_plan(plan_id)
    form = BudgetPlanForm(obj=plan)
    del form.municipality_id  # a plan stays with its municipality
    if run_form(
        form,
        lambda: services.update_budget_plan(
            current_user,
            plan,
            values=field_values(form, services.PLAN_FIELDS),
            expected_version=form.version.data,
        ),
        "De wijziging is opgeslagen.",
    ):
        return redirect(url_for("budgets.detail", plan_id=plan.id))
    return render_template("budgets/plan_form.html", form=form, plan=plan)


@bp.route("/<int:plan_id>/groepen/nieuw", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/groepen/<int:budget_group_id>", methods=["GET", "POST"])
@require("budget.edit")
def group(plan_id: int, budget_group_id: int | None = None):
    plan = queries.get_plan(plan_id)
    group = None
    if budget_group_id is not None:
        group = db.first_or_404(
            db.select(BudgetGroup).filter_by(id=budget_group_id, plan_id=plan.id)
        )
    form = BudgetGroupForm(obj=group, plan=plan)

    def save() -> BudgetGroup:
        values = field_values(form, services.GROUP_FIELDS)
        if group is None:
            return services.add_budget_group(current_user, plan, values=values)
        return services.update_budget_group(
            current_user, group, values=values, expected_version=form.version.data
        )

    if run_form(form, save, "De groep is opgeslagen."):
        return redirect(url_for("budgets.detail", plan_id=plan.id))
    return render_template("budgets/part_form.html", form=form, plan=plan, part=group, noun="groep")


@bp.route("/<int:plan_id>/regels/nieuw", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/regels/<int:line_id>", methods=["GET", "POST"])
@require("budget.edit")
def line(plan_id: int, line_id: int | None = None):
    plan = queries.get_plan(plan_id)
    line = None
    if line_id is not None:
        line = db.first_or_404(
            db.select(BudgetLine)
            .join(BudgetLine.group)
            .where(BudgetLine.id == line_id, BudgetGroup.plan_id == plan.id)
        )
    form = BudgetLineForm(
        obj=line, plan=plan, lots=lots_running_in(plan.year, plan.municipality.name)
    )
    if line is not None and line.contract is not None and not form.is_submitted():
        form.contract_reference.data = line.contract.reference

    def save() -> BudgetLine:
        values = field_values(form, services.LINE_FIELDS)
        if line is None:
            return services.add_budget_line(current_user, plan, values=values)
        return services.update_budget_line(
            current_user, plan, line, values=values, expected_version=form.version.data
        )

    if run_form(form, save, "De regel is opgeslagen."):
        return redirect(url_for("budgets.detail", plan_id=plan.id))
    return render_template("budgets/part_form.html", form=form, plan=plan, part=line, noun="regel")
