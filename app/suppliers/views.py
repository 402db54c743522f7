"""Pages for suppliers: the list, one supplier with its contracts, and the forms to register
and correct one."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from app.contracts.queries import page_contracts
from app.core.audit import list_history
from app.forms import run_form
from app.pagination import requested_history_page, requested_page
from app.permissions import require
from app.suppliers import queries, services
from app.suppliers.forms import SupplierForm

bp = Blueprint("suppliers", __name__, url_prefix="/aanbieders")


def _values(form: SupplierForm) -> dict:
    return {name: getattr(form, name).data for name in services.SUPPLIER_FIELDS}


@bp.get("/")
@require("contract.view")
def index():
    return render_template("suppliers/index.html", suppliers=queries.list_suppliers())


@bp.route("/nieuw", methods=["GET", "POST"])
@require("supplier.edit")
def create():
    form = SupplierForm()
    done = run_form(
        form,
        lambda: services.create_supplier(current_user, **_values(form)),
        "De aanbieder is toegevoegd.",
    )
    if done:
        return redirect(url_for("suppliers.detail", supplier_id=done.result.id))
    return render_template("suppliers/form.html", form=form, supplier=None)


@bp.get("/<int:supplier_id>")
@require("contract.view")
def detail(supplier_id: int):
    supplier = queries.get_supplier(supplier_id)
    return render_template(
        "suppliers/detail.html",
        supplier=supplier,
        contract_page=page_contracts(
            requested_page(),
            supplier_id=supplier.id,
            sort=request.args.get("sorteer", "kenmerk"),
        ),
        sortable=True,
        history=list_history(supplier, page=requested_history_page()),
    )


@bp.route("/<int:supplier_id>/bewerken", methods=["GET", "POST"])
@require("supplier.edit")
def edit(supplier_id: int):
    supplier = queries.get_supplier(supplier_id)
    form = SupplierForm(obj=supplier)
    if run_form(
        form,
        lambda: services.update_supplier(
            current_user, supplier, values=_values(form), expected_version=form.version.data
        ),
        "De wijziging is opgeslagen.",
    ):
        return redirect(url_for("suppliers.detail", supplier_id=supplier.id))
    return render_template("suppliers/form.html", form=form, supplier=supplier)
