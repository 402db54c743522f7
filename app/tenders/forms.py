from wtforms import (
    DateField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import TextInput

from app.forms import MoneyField, VersionedForm
from app.tenders.models import Route

REFERENCE_PATTERN = r"^\d{4}/\d{6}$"
CPV_PATTERN = r"^\d{8}(-\d)?$"


class MonthListField(Field):
    """Option periods as the user types them ("12, 12"), held as a list of months."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(str(months) for months in self.data or [])

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        parts = [part.strip() for part in text.split(",")] if text else []
        if not all(part.isdigit() and len(part) <= 3 for part in parts):
            self.data = []
            raise ValueError("Vul het aantal maanden per optie in, bijvoorbeeld: 12, 12")
        self.data = [int(part) for part in parts]


class TenderForm(VersionedForm):
    reference = StringField(
        "Kenmerk",
        validators=[
            DataRequired("Vul het kenmerk in."),
            Regexp(
                REFERENCE_PATTERN, message="Gebruik het formaat JJJJ/NNNNNN, bijv. 2017/532748."
            ),
        ],
    )
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=300)])
    route = SelectField("Route", choices=Route.choices())
    description = TextAreaField("Omschrijving", validators=[Length(max=20000)])
    publication_on = DateField("Publicatiedatum", validators=[Optional()])
    closing_on = DateField("Sluiting inschrijving", validators=[Optional()])
    contract_start_on = DateField("Beoogde ingangsdatum contracten", validators=[Optional()])
    submit = SubmitField("Opslaan")


class LotForm(VersionedForm):
    number = IntegerField(
        "Perceelnummer",
        validators=[DataRequired("Vul een perceelnummer in."), NumberRange(min=1, max=999)],
    )
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=300)])
    target_group_id = SelectField("Doelgroep", coerce=int, validate_choice=True)
    scope = TextAreaField("Omschrijving dienstverlening", validators=[Length(max=20000)])
    budget_per_year = MoneyField(
        "Budget per jaar", description="Leeg laten als het bedrag nog te bepalen is (ntb)."
    )
    planned_count = IntegerField(
        "Begroot aantal trajecten", validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    unit_price = MoneyField("Prijs per traject")
    cpv = StringField(
        "Hoofd-CPV-code",
        validators=[
            Optional(),
            Regexp(
                CPV_PATTERN,
                message="Gebruik 8 cijfers met eventueel een controlecijfer, bijv. 79611000-0.",
            ),
        ],
    )
    initial_months = IntegerField(
        "Looptijd (maanden)",
        default=24,
        validators=[DataRequired("Vul de looptijd in."), NumberRange(min=1, max=120)],
    )
    option_months = MonthListField(
        "Verlengingsopties (maanden, gescheiden door komma's)", default=[12, 12]
    )
    notice_months = IntegerField(
        "Opzegtermijn (maanden)",
        default=3,
        validators=[Optional(), NumberRange(min=0, max=24)],
    )

    submit = SubmitField("Opslaan")
