from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from app.forms import DutchForm, MoneyField, VersionedForm


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
