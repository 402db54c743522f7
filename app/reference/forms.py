from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from app.forms import VersionedForm
from app.steering.models import KpiDirection, KpiUnit
from app.tenders.clause_models import ClauseChapter
from app.tenders.models import LabourMarketSegment

CODE = Regexp(r"^[a-z0-9_]+$", message="Gebruik kleine letters, cijfers en _ (bijv. outflow_rate).")


def choose(enum) -> list[SelectChoice]:
    """The members to choose from, and nothing chosen in advance."""
    return [SelectChoice("", "— kies —"), *enum.choices()]


class KpiDefinitionForm(VersionedForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=40), CODE])
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    unit = SelectField(
        "Eenheid", choices=choose(KpiUnit), validators=[DataRequired("Kies de eenheid.")]
    )
    direction = SelectField(
        "Richting",
        choices=choose(KpiDirection),
        validators=[DataRequired("Kies of hoger of lager beter is.")],
    )
    description = TextAreaField(
        "Definitie",
        validators=[Length(max=5000)],
        description="Wat telt mee en wat niet, zodat opdrachtnemers hetzelfde meten.",
    )
    measured_when = StringField(
        "Wanneer gemeten",
        validators=[Length(max=500)],
        description="Bijv.: over de rapportageperiode, gemeld bij elk bijsturingsmoment.",
    )
    submit = SubmitField("Opslaan")


class TargetGroupForm(VersionedForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=40), CODE])
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    segment = SelectField(
        "Afstand tot de arbeidsmarkt",
        choices=choose(LabourMarketSegment),
        validators=[DataRequired("Kies de afstand tot de arbeidsmarkt.")],
    )
    description = TextAreaField("Omschrijving", validators=[Length(max=5000)])
    submit = SubmitField("Opslaan")


class StandardClauseForm(VersionedForm):
    code = StringField(
        "Code",
        validators=[
            DataRequired("Vul een code in."),
            Length(max=40),
            Regexp(r"^[A-Z0-9-]+$", message="Gebruik hoofdletters, cijfers en - (bijv. KWA-05)."),
        ],
    )
    chapter = SelectField(
        "Hoofdstuk", choices=choose(ClauseChapter), validators=[DataRequired("Kies het hoofdstuk.")]
    )
    title = StringField(
        "Titel",
        validators=[DataRequired("Vul een titel in."), Length(max=200)],
        description="In de begrippenlijst: het begrip.",
    )
    text = TextAreaField(
        "Tekst",
        validators=[DataRequired("Vul de tekst in."), Length(max=20000)],
        description="Bedragen, termijnen en percentages staan bij het inkooptraject of perceel, "
        "niet in deze tekst.",
    )
    position = IntegerField(
        "Volgorde", default=0, validators=[Optional(), NumberRange(min=0, max=999)]
    )
    active = BooleanField("Nieuwe inkooptrajecten krijgen deze tekst", default=True)
    submit = SubmitField("Opslaan")
