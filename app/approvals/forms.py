"""Forms for the alderman's decision."""

from datetime import date

from wtforms import DateField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from app.forms import VersionedForm


class DecisionForm(VersionedForm):
    decision = RadioField(
        "Besluit",
        choices=[SelectChoice("goedkeuren", "Goedkeuren"), SelectChoice("afwijzen", "Afwijzen")],
        default="goedkeuren",
    )
    decided_on = DateField("Besluitdatum", default=date.today)
    remark = TextAreaField("Opmerking (verplicht bij afwijzen)", validators=[Length(max=5000)])
