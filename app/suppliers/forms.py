from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import VersionedForm
from app.suppliers.rules import supplier_problems


class SupplierForm(VersionedForm):
    rules = (supplier_problems,)

    name = StringField(
        "Naam", validators=[DataRequired("Vul de naam van de aanbieder in."), Length(max=200)]
    )
    kvk_number = StringField(
        "KvK-nummer",
        validators=[Optional(), Length(max=12)],
        description="8 cijfers, zoals in het Handelsregister; leeg als het nog niet bekend is.",
    )
    contact_name = StringField("Contactpersoon", validators=[Length(max=200)])
    contact_email = EmailField(
        "E-mail contactpersoon",
        validators=[
            Optional(),
            Email("Dit is geen geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    contact_phone = StringField("Telefoon contactpersoon", validators=[Length(max=40)])
    description = TextAreaField("Omschrijving", validators=[Length(max=5000)])
    submit = SubmitField("Opslaan")
