from decimal import Decimal, InvalidOperation

from wtforms import (
    BooleanField,
    Field,
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
from wtforms.widgets import HiddenInput, TextInput

from app.core.formatting import number_nl
from app.forms import DateField, QuantityField, VersionedForm, parse_money
from app.steering.models import KpiDefinition, MomentStatus, NormBasis, SteeringDecision
from app.steering.services import NormInput


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


class BaselinesField(Field):
    """The baseline per year of a relative norm, as people write it: "2016: 22,5; 2017: 24"."""

    widget = TextInput()
    EXAMPLE = "2016: 22,5; 2017: 24; 2018: 23"

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "; ".join(
            f"{year}: {number_nl(value)}" for year, value in sorted((self.data or {}).items())
        )

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = {}
        for part in filter(
            None, (p.strip() for p in (valuelist[0] if valuelist else "").split(";"))
        ):
            year, _, figure = part.partition(":")
            if not (year.strip().isdigit() and len(year.strip()) == 4 and figure.strip()):
                raise ValueError(f"Schrijf de basiswaarden als {self.EXAMPLE}.")
            try:
                self.data[int(year)] = parse_money(figure, noun="getal", example="22,5")
            except (ValueError, InvalidOperation) as error:
                raise ValueError(f"{year.strip()}: {error}") from None


class KpiTargetRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    kpi_definition_id = IntegerField(widget=HiddenInput())
    basis = SelectField("Soort norm", choices=NormBasis.choices(), default=NormBasis.ABSOLUTE.value)
    target_value = QuantityField("Norm")
    tolerance_percent = QuantityField("Tolerantie (%)", example="10")
    baselines = BaselinesField("Basiswaarden (jaar: waarde)")


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
                        "basis": target.basis.value if target else NormBasis.ABSOLUTE.value,
                        "target_value": target.target_value if target else None,
                        "tolerance_percent": target.tolerance_percent
                        if target
                        else cls.DEFAULT_TOLERANCE,
                        "baselines": target.baseline_values() if target else {},
                    }
                )
        return form

    def chosen(self, kpis: list[KpiDefinition]) -> dict[int, NormInput]:
        """{kpi_definition_id: norm} for the known KPI definitions."""
        known = {kpi.id for kpi in kpis}
        return {
            row.form.kpi_definition_id.data: NormInput(
                row.form.target_value.data,
                row.form.tolerance_percent.data or Decimal(0),
                NormBasis(row.form.basis.data or NormBasis.ABSOLUTE.value),
                row.form.baselines.data or {},
            )
            for row in self.targets
            if row.form.kpi_definition_id.data in known
        }

    def rows(self, kpis: list[KpiDefinition]) -> list[tuple[KpiDefinition | None, Form]]:
        names = {kpi.id: kpi for kpi in kpis}
        return [(names.get(row.form.kpi_definition_id.data), row.form) for row in self.targets]
