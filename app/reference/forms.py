from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import VersionedForm
from app.steering.models import KpiDirection, KpiUnit
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
