"""Base form, field types and helpers shared by every domain's forms and views."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

import wtforms
from flask import flash, g
from flask.wrappers import Response
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, HiddenField, IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput, TextInput, html_params

from app.core.errors import DomainError, StaleObject
from app.core.formatting import number_nl
from app.core.rules import Problem
from app.extensions import db

MAX_MONEY = Decimal("999999999999.99")  # what Numeric(14, 2) holds
DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class DutchForm(FlaskForm):
    """WTForms' own Dutch messages for its built-in validators and fields, and the domain's
    rules for the form's values (functions of a rules.py that return problems), checked with
    the fields so that every error shows after one submit; the service checks them again."""

    rules: ClassVar[tuple[Callable[[dict], list[Problem]], ...]] = ()

    class Meta:
        locales = ("nl_NL", "nl")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        values = {name: field.data for name, field in self._fields.items() if not field.errors}
        for rule in self.rules:
            for problem in rule(values):
                field = self._fields.get(problem.field)
                if field is not None and not field.errors:
                    field.errors.append(problem.message)
                    valid = False
        return valid


def field_values(form: FlaskForm, fields: tuple[str, ...]) -> dict[str, Any]:
    """The data of these fields, as a service takes its values."""
    return {name: getattr(form, name).data for name in fields}


def optional_int(value) -> int | None:
    """A select's choice as a number; the empty "kies…" choice as None."""
    return None if value in ("", None) else int(value)


def parse_money(
    text: str, allow_negative: bool = False, noun: str = "bedrag", example: str = "40.200,00"
) -> Decimal:
    """Read an amount as a Dutch user types it: "40.200,00", "40200,00", "€ 40200" or "40200.00"."""
    cleaned = text.replace("€", "").replace(" ", "").replace("\xa0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif DUTCH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"Vul een {noun} in, bijvoorbeeld {example}.")
    amount = Decimal(cleaned)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Gebruik hoogstens twee decimalen.")
    if amount < 0 and not allow_negative:
        raise ValueError(f"Een {noun} kan niet negatief zijn.")
    if abs(amount) > MAX_MONEY:
        raise ValueError(f"Dit {noun} is te groot.")
    return amount.quantize(Decimal("0.01"))


class MoneyField(Field):
    """An amount in euros (or, with `noun`, another number with two decimals at most);
    empty means "not known yet" (ntb), not zero."""

    widget = TextInput()

    def __init__(
        self,
        label=None,
        validators=None,
        allow_negative: bool = False,
        noun: str = "bedrag",
        example: str = "40.200,00",
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.allow_negative, self.noun, self.example = allow_negative, noun, example

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if text:
            try:
                self.data = parse_money(text, self.allow_negative, self.noun, self.example)
            except (ValueError, InvalidOperation) as error:
                raise ValueError(str(error)) from None


class QuantityField(MoneyField):
    """A number with two decimals at most (a KPI figure, a percentage), shown as people write
    it: 12 and 10, not 12,00 and 10,00."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("noun", "getal")
        kwargs.setdefault("example", "12 of 12,5")
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data or self.data is None:
            return super()._value()
        return number_nl(self.data)


DATE_HINT = "dd-mm-jjjj, bijvoorbeeld 31-12-2026"


class DateField(wtforms.DateField):
    """A date typed as people write it here (31-12-2026) in a text box with a Dutch hint,
    rather than the browser's date picker, whose format and language follow the browser's.
    The ISO form (2026-12-31) is read too."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", DATE_HINT)
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(label, validators, format=["%d-%m-%Y", "%Y-%m-%d"], **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d-%m-%Y") if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = " ".join(valuelist).strip().replace("/", "-").replace(".", "-")
        self.data = None
        if not text:
            return
        for pattern in self.format:
            try:
                self.data = datetime.strptime(text, pattern).date()
                return
            except ValueError:
                continue
        raise ValueError(f"Vul een datum in als {DATE_HINT}.")


class DutchFileInput:
    """A file input whose button and "no file chosen" are Dutch whatever the browser's
    language: the native input stays (keyboard, screen readers, drop), visually replaced by
    a label styled as a button; regie.js shows the chosen file's name."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.pop("class", None), kwargs.pop("class_", None)
        chosen = f"{field.id}-gekozen"
        attributes = html_params(
            type="file",
            id=field.id,
            name=field.name,
            class_="file-input",
            **{"aria-describedby": chosen},
            **kwargs,
        )
        return Markup(
            f'<div class="dutch-file"><input {attributes}>'
            f'<label for="{field.id}" class="btn btn-outline-secondary">Bestand kiezen…</label>'
            f'<span id="{chosen}" class="ms-2" data-empty="Geen bestand gekozen">'
            "Geen bestand gekozen</span></div>"
        )


class VersionField(IntegerField, HiddenField):
    """An integer in a hidden input: a HiddenField to the form renderer, so no label."""

    widget = HiddenInput()


class VersionedForm(DutchForm):
    """Carries the version the user saw, so a stale form cannot overwrite a newer change."""

    version = VersionField("Versie", validators=[Optional()])


def answer_stale_forms_with_409(response: Response) -> Response:
    """A form shown again because someone else saved first is a conflict (409), not a plain
    page; what the user typed is in it."""
    if response.status_code == 200 and g.get("form_status"):
        response.status_code = g.form_status
    return response


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Undo the request's changes, put the service's field errors on the form, flash the rest."""
    db.session.rollback()
    unplaced = []
    for field_name, messages in error.fields.items():
        field = getattr(form, field_name, None)
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            unplaced += messages
    if not error.fields or isinstance(error, StaleObject):
        flash(error.message, "danger")
    if isinstance(error, StaleObject):
        g.form_status = error.status_code
    for message in unplaced:  # errors the form has no field for still reach the user
        flash(message, "danger")


@dataclass(frozen=True)
class Done:
    result: Any


def run_form(form: FlaskForm, use_case: Callable[[], Any], success: str) -> Done | None:
    """Validate the form, run one use case, commit once and flash `success`.

    Returns None when the form is invalid or the domain refused (its errors are then on the
    form and nothing is saved), so the view shows the form again.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = use_case()
    except DomainError as error:
        show_domain_error(form, error)
        return None
    db.session.commit()
    flash(success, "success")
    return Done(result)


def run_action(form: FlaskForm, use_case: Callable[[], Any], success: str) -> Done | None:
    """Like run_form, for buttons: no form is shown again, so every problem is flashed."""
    if not form.validate_on_submit():
        flash("Deze handeling is niet mogelijk.", "danger")
        return None
    try:
        result = use_case()
    except DomainError as error:
        db.session.rollback()
        for message in [m for messages in error.fields.values() for m in messages] or [
            error.message
        ]:
            flash(message, "danger")
        return None
    db.session.commit()
    flash(success, "success")
    return Done(result)


def form_problems(form) -> list[tuple[str | None, str, str]]:
    """Every error of a form as (field id to link to, field label, message), in the order of
    the fields, rows of a list and subforms included: the error summary above the form."""
    problems = []

    def collect(field) -> None:
        if hasattr(field, "entries"):  # a FieldList: its rows
            for entry in field.entries:
                collect(entry)
        elif hasattr(field, "form") and hasattr(field.form, "_fields"):  # a FormField
            for subfield in field.form:
                collect(subfield)
        else:
            link = None if isinstance(field, HiddenField) else field.id
            problems.extend((link, field.label.text, message) for message in field.errors)

    for field in form:
        if field.type != "CSRFTokenField":
            collect(field)
    return problems
