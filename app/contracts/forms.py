from wtforms import DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from app.forms import VersionedForm


class ActivationForm(VersionedForm):
    supplier_id = SelectField("Opdrachtnemer", coerce=int)
    signed_on = DateField("Ondertekend op", validators=[Optional()])
    submit = SubmitField("Contract activeren")


class OptionDecisionForm(VersionedForm):
    decided_on = DateField("Besluitdatum", validators=[Optional()])
    rationale = TextAreaField("Motivering", validators=[Length(max=5000)])
    submit = SubmitField("Besluit vastleggen")
