"""Pages for a tender's PvE texts: the chapters written as prose."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from app.core.audit import list_history
from app.extensions import db
from app.forms import VersionedForm, run_action, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.tenders import clauses
from app.tenders.clause_models import ClauseChapter, TenderClause
from app.tenders.forms import TenderClauseForm
from app.tenders.models import Tender

bp = Blueprint("tender_texts", __name__, url_prefix="/inkooptrajecten/<int:tender_id>/teksten")


def clause_values(form: TenderClauseForm) -> dict:
    return {"chapter": form.chapter.data, "title": form.title.data, "text": form.text.data}


def tender_clause(tender_id: int, clause_id: int) -> TenderClause:
    clause = db.get_or_404(TenderClause, clause_id)
    if clause.tender_id != tender_id:
        abort(404)
    return clause


def back(tender_id: int):
    return redirect(url_for("tender_texts.index", tender_id=tender_id))


@bp.get("/")
@require("tender.view")
def index(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    chapters = [
        (chapter, [clause for clause in tender.clauses if clause.chapter == chapter])
        for chapter in ClauseChapter
    ]
    return render_template("tenders/texts.html", tender=tender, chapters=chapters)


@bp.route("/nieuw", methods=["GET", "POST"])
@require("tender.edit")
def add(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    form = TenderClauseForm()
    if run_form(
        form,
        lambda: clauses.add_tender_clause(current_user, tender, values=clause_values(form)),
        "De tekst is toegevoegd.",
    ):
        return back(tender_id)
    return render_template("tenders/text_form.html", form=form, tender=tender, clause=None)


@bp.route("/<int:clause_id>", methods=["GET", "POST"])
@require("tender.edit")
def edit(tender_id: int, clause_id: int):
    clause = tender_clause(tender_id, clause_id)
    form = TenderClauseForm(obj=clause)
    if run_form(
        form,
        lambda: clauses.update_tender_clause(
            current_user, clause, values=clause_values(form), expected_version=form.version.data
        ),
        "De tekst is bijgewerkt.",
    ):
        return back(tender_id)
    return render_template(
        "tenders/text_form.html",
        form=form,
        tender=clause.tender,
        clause=clause,
        history=list_history(clause, page=requested_history_page()),
    )


@bp.post("/<int:clause_id>/verwijderen")
@require("tender.edit")
def remove(tender_id: int, clause_id: int):
    clause = tender_clause(tender_id, clause_id)
    form = VersionedForm()
    run_action(
        form,
        lambda: clauses.remove_tender_clause(
            current_user, clause, expected_version=form.version.data
        ),
        "De tekst is verwijderd.",
    )
    return back(tender_id)
