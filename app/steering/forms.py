from decimal import Decimal

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

from app.forms import QuantityField, VersionedForm
from app.steering.models import KpiDefinition, MomentStatus, SteeringDecision


class ResultRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    kpi_definition_id = IntegerField(widget=HiddenInput())
    value = QuantityField("Realisatie", allow_negative=True)
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


class KpiTargetRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    kpi_definition_id = IntegerField(widget=HiddenInput())
    target_value = QuantityField("Norm")
    tolerance_percent = QuantityField("Tolerantie (%)", example="10")


class KpiTargetsForm(VersionedForm):
    """The norm per KPI definition, for a lot or a contract."""

    DEFAULT_TOLERANCE = Decimal("10")

    targets = FieldList(FormField(KpiTargetRow), max_entries=50)
    submit = SubmitField("Normen opslaan")

    @classmethod
    def for_owner(cls, owner, kpis: list[KpiDefinition]) -> "KpiTargetsForm":
        """A row per KPI definition, filled from the owner's own norms on first display."""
        form = cls(obj=owner)
        if not form.is_submitted():
            own = {target.kpi_definition_id: target for target in owner.kpi_targets}
            for kpi in kpis:
                target = own.get(kpi.id)
                form.targets.append_entry(
                    {
                        "kpi_definition_id": kpi.id,
                        "target_value": target.target_value if target else None,
                        "tolerance_percent": target.tolerance_percent
                        if target
                        else cls.DEFAULT_TOLERANCE,
                    }
                )
        return form

    def chosen(self, kpis: list[KpiDefinition]) -> dict[int, tuple[Decimal | None, Decimal]]:
        """{kpi_definition_id: (norm or None, tolerance %)} for the known KPI definitions."""
        known = {kpi.id for kpi in kpis}
        return {
            row.form.kpi_definition_id.data: (
                row.form.target_value.data,
                row.form.tolerance_percent.data or Decimal(0),
            )
            for row in self.targets
            if row.form.kpi_definition_id.data in known
        }

    def rows(self, kpis: list[KpiDefinition]) -> list[tuple[KpiDefinition | None, Form]]:
        names = {kpi.id: kpi for kpi in kpis}
        return [(names.get(row.form.kpi_definition_id.data), row.form) for row in self.targets]
