from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.models import Role
from app.forms import DutchForm, VersionedForm


class LoginForm(DutchForm):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul uw e-mailadres in."), Length(max=254)],  # as stored
    )
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])
    submit = SubmitField("Inloggen")


class UserForm(VersionedForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    email = EmailField(
        "E-mailadres",
        validators=[
            DataRequired("Vul een e-mailadres in."),
            Email("Dit is geen geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    role = SelectField("Rol", choices=Role.choices())
    password = PasswordField(
        "Wachtwoord",
        validators=[
            Optional(),
            Length(max=200),  # the policy itself is the service's (check_password)
        ],
        description="Laat leeg om het huidige wachtwoord te houden.",
    )
    active = BooleanField("Actief", default=True)
    submit = SubmitField("Opslaan")
