from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import DateField, DutchForm, QuantityField, VersionedForm
from app.programmes.models import NormMeasure, Programme, ProgrammeNorm, Rating, ReportKind
from app.reference.forms import choose, choose_from
from app.steering.models import KpiUnit, NormBasis

YEAR = NumberRange(min=2000, max=2100, message="Vul een jaar in als 2020.")
POSITION = NumberRange(min=0, max=999)


class ProgrammeForm(VersionedForm):
    municipality_id = SelectField("Gemeente", validators=[DataRequired("Kies de gemeente.")])
    title = StringField(
        "Titel",
        validators=[DataRequired("Vul een titel in."), Length(max=300)],
        description="Bijv.: Plan van Aanpak – Werken, werken aan en meedoen!",
    )
    main_objective = TextAreaField("Hoofddoelstelling", validators=[Length(max=5000)])
    source = TextAreaField("Bron", validators=[Length(max=2000)])
    first_year = IntegerField(
        "Eerste jaar", validators=[InputRequired("Vul het eerste jaar in."), YEAR]
    )
    last_year = IntegerField(
        "Laatste jaar", validators=[InputRequired("Vul het laatste jaar in."), YEAR]
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, municipalities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = choose_from([(m.id, m.name) for m in municipalities])


class ObjectiveForm(VersionedForm):
    title = StringField(
        "Subdoelstelling", validators=[DataRequired("Vul de subdoelstelling in."), Length(max=300)]
    )
    intended_results = TextAreaField("Beoogde resultaten", validators=[Length(max=5000)])
    position = IntegerField("Volgorde", default=0, validators=[Optional(), POSITION])
    submit = SubmitField("Opslaan")


class NormForm(VersionedForm):
    text = TextAreaField(
        "Norm",
        validators=[DataRequired("Beschrijf de norm."), Length(max=2000)],
        description="Zoals de bron haar formuleert, bijv.: 50 verwijzingen naar zorg- en "
        "hulpverleningstrajecten.",
    )
    measure = SelectField(
        "Meting",
        choices=choose(NormMeasure),
        validators=[DataRequired("Kies hoe de norm wordt gemeten.")],
    )
    basis = SelectField("Soort norm", choices=choose(NormBasis), validators=[Optional()])
    unit = SelectField(
        "Eenheid",
        choices=[SelectChoice("", "— kies —"), *KpiUnit.choices()],
        validators=[Optional()],
        description="Bij een percentage boven het meerjarig gemiddelde: het getal van elk jaar.",
    )
    target_value = QuantityField(
        "Streefwaarde",
        description="Een vast getal per jaar, of het percentage boven het meerjarig gemiddelde.",
    )
    tolerance_percent = QuantityField(
        "Marge (%)",
        default=10,
        description="Hoeveel een realisatie onder de norm mag blijven "
        "om als ‘net niet gehaald’ te gelden.",
    )
    baseline_1 = QuantityField("Basiswaarde")
    baseline_2 = QuantityField("Basiswaarde")
    baseline_3 = QuantityField("Basiswaarde")
    position = IntegerField("Volgorde", default=0, validators=[Optional(), POSITION])
    submit = SubmitField("Opslaan")

    def __init__(self, *args, programme: Programme, norm: ProgrammeNorm | None = None, **kwargs):
        super().__init__(*args, obj=norm, **kwargs)
        self.baseline_years = [programme.first_year - 3 + index for index in range(3)]
        known = norm.baseline_values if norm else {}
        for year, field in zip(self.baseline_years, self.baseline_fields, strict=True):
            field.label.text = f"Basiswaarde {year}"
            field.description = "Alleen bij een norm boven het meerjarig gemiddelde."
            if not self.is_submitted() and year in known:
                field.data = known[year]

    @property
    def baseline_fields(self):
        return [self.baseline_1, self.baseline_2, self.baseline_3]

    def baselines(self) -> dict:
        return {
            year: field.data
            for year, field in zip(self.baseline_years, self.baseline_fields, strict=True)
            if field.data is not None
        }


class RealisationForm(DutchForm):
    year = SelectField("Jaar", coerce=int, validators=[InputRequired("Kies het jaar.")])
    value = QuantityField("Realisatie", description="Bij een norm die een getal is.")
    rating = SelectField(
        "Oordeel",
        choices=[SelectChoice("", "— volgt uit de norm —"), *Rating.choices()],
        validators=[Optional()],
        description="Bij een beschreven inzet: uw oordeel.",
    )
    note = TextAreaField("Toelichting", validators=[Length(max=5000)])
    submit = SubmitField("Realisatie opslaan")

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year.choices = [SelectChoice(year, str(year)) for year in programme.years]


class ReportingMomentForm(VersionedForm):
    kind = SelectField(
        "Soort", choices=choose(ReportKind), validators=[DataRequired("Kies de soort rapportage.")]
    )
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=300)])
    due_on = DateField(
        "Uiterlijk op", validators=[DataRequired("Vul de datum in waarop het verschijnt.")]
    )
    delivered_on = DateField("Verschenen op", validators=[Optional()])
    note = TextAreaField("Toelichting", validators=[Length(max=5000)])
    submit = SubmitField("Opslaan")
