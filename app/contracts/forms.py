from werkzeug.datastructures import MultiDict
from wtforms import (
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from app.contracts import queries
from app.contracts.models import ContractStatus
from app.forms import DateField, DutchForm, MoneyField, VersionedForm
from app.tenders.queries import target_group_choices


class ActivationForm(VersionedForm):
    start_on = DateField("Ingangsdatum", validators=[Optional()])
    supplier_id = SelectField("Opdrachtnemer", coerce=int)
    signed_on = DateField("Ondertekend op", validators=[Optional()])
    submit = SubmitField("Contract activeren")


class OptionDecisionForm(VersionedForm):
    decided_on = DateField("Besluitdatum", validators=[Optional()])
    rationale = TextAreaField("Motivering", validators=[Length(max=5000)])
    submit = SubmitField("Besluit vastleggen")


class AmendmentForm(VersionedForm):
    amended_on = DateField("Datum van de wijziging", validators=[Optional()])
    rationale = TextAreaField("Motivering", validators=[Length(max=5000)])
    value_change = MoneyField(
        "Waardeverandering", allow_negative=True, description="Negatief bij een verlaging."
    )
    submit = SubmitField("Wijziging vastleggen")


class SpendForm(VersionedForm):
    period_start_on = DateField("Periode vanaf", validators=[Optional()])
    period_end_on = DateField("Periode t/m", validators=[Optional()])
    amount = MoneyField("Besteed bedrag")
    trajectories_started = IntegerField(
        "Gestarte trajecten", validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    submit = SubmitField("Besteding vastleggen")


class ContractFilterForm(DutchForm):
    """The filters of the contract list, read from the query string."""

    class Meta:
        csrf = False
        locales = ("nl_NL", "nl")

    search = StringField("Zoeken", validators=[Length(max=100)])
    status = SelectField("Status")
    target_group = SelectField("Doelgroep", coerce=int)
    supplier = SelectField("Opdrachtnemer", coerce=int)
    ends_before = DateField("Eindigt vóór", validators=[Optional()])
    submit = SubmitField("Filteren")


class TerminationForm(VersionedForm):
    ended_on = DateField("Einddatum", validators=[Optional()])
    rationale = TextAreaField("Motivering", validators=[Length(max=5000)])
    submit = SubmitField("Contract beëindigen")


def contract_filters(args: MultiDict) -> tuple[ContractFilterForm, dict]:
    """The filter form as the query string fills it, and the filters it gives when valid:
    the contract list and its export read the same ones."""
    unfiltered = {
        "search": "",
        "status": "",
        "target_group": "0",
        "supplier": "0",
        "ends_before": "",
    }
    form = ContractFilterForm(MultiDict(unfiltered | args.to_dict()))
    form.status.choices = [SelectChoice("", "Alle statussen"), *ContractStatus.choices()]
    form.target_group.choices = [SelectChoice(0, "Alle doelgroepen")] + [
        SelectChoice(*group) for group in target_group_choices()
    ]
    form.supplier.choices = [SelectChoice(0, "Alle opdrachtnemers")] + [
        SelectChoice(*supplier) for supplier in queries.supplier_choices()
    ]
    filters = {}
    if args and form.validate():
        filters = {
            "status": ContractStatus(form.status.data) if form.status.data else None,
            "target_group_id": form.target_group.data or None,
            "supplier_id": form.supplier.data or None,
            "ends_before": form.ends_before.data,
            "search": form.search.data or "",
        }
    return form, filters
