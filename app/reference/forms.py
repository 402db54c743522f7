from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.extensions import db
from app.forms import DutchForm, VersionedForm
from app.reference.models import Municipality, Segment, SegmentationScheme
from app.steering.models import KpiDirection, KpiUnit
from app.tenders.clause_models import ClauseChapter

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


def choose_from(rows: list[tuple[int, str]]) -> list[SelectChoice]:
    return [SelectChoice("", "— kies —"), *(SelectChoice(str(key), label) for key, label in rows)]


def _schemes() -> list[tuple[int, str]]:
    schemes = db.session.scalars(db.select(SegmentationScheme).order_by(SegmentationScheme.name))
    return [(scheme.id, scheme.name) for scheme in schemes]


class TargetGroupForm(VersionedForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=40), CODE])
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    municipality_id = SelectField("Gemeente", validators=[DataRequired("Kies de gemeente.")])
    segment_id = SelectField(
        "Segment",
        validators=[DataRequired("Kies het segment.")],
        description="Uit de indeling die de gemeente gebruikt.",
    )
    description = TextAreaField("Omschrijving", validators=[Length(max=5000)])
    submit = SubmitField("Opslaan")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        municipalities = db.session.scalars(db.select(Municipality).order_by(Municipality.name))
        self.municipality_id.choices = choose_from([(m.id, m.name) for m in municipalities])
        segments = db.session.scalars(
            db.select(Segment)
            .join(Segment.scheme)
            .order_by(SegmentationScheme.name, Segment.position, Segment.id)
        )
        self.segment_id.choices = choose_from(
            [(segment.id, f"{segment.scheme.name}: {segment.label}") for segment in segments]
        )
        for field in (self.municipality_id, self.segment_id):
            if field.data is not None:
                field.data = str(field.data)


class TargetGroupSizeForm(DutchForm):
    year = IntegerField(
        "Jaar",
        validators=[
            InputRequired("Vul het jaar in."),
            NumberRange(min=2000, max=2100, message="Vul een jaar in als 2020."),
        ],
    )
    low = IntegerField(
        "Ten minste",
        validators=[
            InputRequired("Vul het laagste verwachte aantal in."),
            NumberRange(min=0, max=1_000_000, message="Vul een aantal van 0 of meer in."),
        ],
    )
    high = IntegerField(
        "Ten hoogste",
        validators=[
            InputRequired(
                "Vul het hoogste verwachte aantal in (gelijk aan het laagste als de "
                "bron één getal noemt)."
            ),
            NumberRange(min=0, max=1_000_000, message="Vul een aantal van 0 of meer in."),
        ],
    )
    note = StringField(
        "Toelichting",
        validators=[Length(max=500)],
        description="Bijv.: waarvan 23 duurzaam ontheven.",
    )
    submit = SubmitField("Omvang opslaan")


class MunicipalityForm(VersionedForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=40), CODE])
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=100)])
    scheme_id = SelectField(
        "Indeling van de doelgroepen",
        validators=[DataRequired("Kies de indeling die de gemeente gebruikt.")],
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scheme_id.choices = choose_from(_schemes())
        if self.scheme_id.data is not None:
            self.scheme_id.data = str(self.scheme_id.data)


class SegmentationSchemeForm(VersionedForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=40), CODE])
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    source = TextAreaField(
        "Bron", validators=[Length(max=2000)], description="Bijv.: Sol e.a., Fit or Unfit (2011)."
    )
    submit = SubmitField("Opslaan")


class SegmentForm(VersionedForm):
    scheme_id = SelectField("Indeling", validators=[DataRequired("Kies de indeling.")])
    code = StringField(
        "Code",
        validators=[DataRequired("Vul een code in."), Length(max=20)],
        description="Zoals de bron het segment nummert of noemt: 2.1, werken aan.",
    )
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    description = TextAreaField("Omschrijving", validators=[Length(max=5000)])
    position = IntegerField(
        "Volgorde", default=0, validators=[Optional(), NumberRange(min=0, max=999)]
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scheme_id.choices = choose_from(_schemes())
        if self.scheme_id.data is not None:
            self.scheme_id.data = str(self.scheme_id.data)


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
