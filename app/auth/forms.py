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


class PasswordChangeForm(DutchForm):
    current_password = PasswordField(
        "Huidig wachtwoord", validators=[DataRequired("Vul uw huidige wachtwoord in.")]
    )
    new_password = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Kies een nieuw wachtwoord."), Length(max=200)],
        description="Minstens 12 tekens; een zin van een paar woorden is sterk en goed te "
        "onthouden. Veelgebruikte wachtwoorden worden geweigerd.",
    )
    revoke_tokens = BooleanField("Ook al mijn API-tokens intrekken")
    submit = SubmitField("Wachtwoord wijzigen")


class TokenForm(DutchForm):
    name = StringField(
        "Naam van het token",
        validators=[DataRequired("Geef het token een naam."), Length(max=100)],
        description="Waarvoor het dient, bijv. Rapportagekoppeling.",
    )
    submit = SubmitField("Token aanmaken")
