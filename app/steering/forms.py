from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from app.forms import MoneyField, VersionedForm
from app.steering.models import MomentStatus, SteeringDecision


class ResultRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    kpi_definition_id = IntegerField(widget=HiddenInput())
    value = MoneyField("Realisatie", allow_negative=True, noun="getal", example="12 of 12,5")
    note = StringField("Toelichting", validators=[Length(max=2000)])


class ActionRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    text = StringField("Afspraak", validators=[Length(max=2000)])
    owner = StringField("Eigenaar", validators=[Length(max=200)])
    due_on = DateField("Uiterlijk op", validators=[Optional()])

    def is_empty(self) -> bool:
        return not (self.text.data or "").strip()


class SteeringMomentForm(VersionedForm):
    held_on = DateField("Gehouden op", validators=[Optional()])
    results = FieldList(FormField(ResultRow), max_entries=50)
    findings = TextAreaField("Bevindingen", validators=[Length(max=20000)])
    decision = SelectField(
        "Besluit", choices=[SelectChoice("", "— geen besluit —"), *SteeringDecision.choices()]
    )
    significant = BooleanField("Ingrijpend besluit (ter goedkeuring aan de wethouder)")
    outcome = SelectField(
        "Uitkomst",
        choices=[SelectChoice("", "Afleiden uit de normen")]
        + [SelectChoice(s.value, s.label) for s in MomentStatus if s != MomentStatus.SCHEDULED],
    )
    actions = FieldList(FormField(ActionRow), min_entries=3, max_entries=20)
    submit = SubmitField("Bijsturingsmoment vastleggen")

    def action_rows(self) -> list[dict]:
        return [
            {
                "text": row.form.text.data,
                "owner": row.form.owner.data or "",
                "due_on": row.form.due_on.data,
            }
            for row in self.actions
            if not row.form.is_empty()
        ]
