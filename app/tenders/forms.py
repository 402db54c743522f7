from decimal import Decimal

from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from app.forms import DateField, DutchForm, MoneyField, QuantityField, VersionedForm, optional_int
from app.tenders.clause_models import ClauseChapter
from app.tenders.cpv import normalise_cpv
from app.tenders.models import CriterionKind, PriceMethod, Route, TenderStatus
from app.tenders.payment import PaymentModel
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS
from app.tenders.requirement_models import RequirementCategory, RequirementKind
from app.tenders.rules import payment_problems, tender_problems

REFERENCE_PATTERN = r"^\d{4}/\d{6}$"


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


def valid_cpv(form, field) -> None:
    try:
        field.data = normalise_cpv(field.data)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def percentage(label: str, **kwargs) -> QuantityField:
    return QuantityField(
        label,
        validators=[Optional(), NumberRange(min=0, max=100, message="Vul 0 tot en met 100 in.")],
        **kwargs,
    )


def lead_time(label: str, default: int, maximum: int, **kwargs) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired("Vul de termijn in (minstens 1)."),
            NumberRange(min=1, max=maximum, message=f"Vul 1 tot en met {maximum} in."),
        ],
        **kwargs,
    )


class TenderForm(VersionedForm):
    rules = (tender_problems,)

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
    description = TextAreaField(
        "Aanleiding en omschrijving",
        validators=[Length(max=20000)],
        description="Het eerste hoofdstuk van het PvE: waarom de gemeente dit inkoopt.",
    )
    decision_ids = SelectMultipleField(
        "Eerdere besluiten waarop het PvE steunt",
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    publication_on = DateField("Publicatiedatum", validators=[Optional()])
    questions_until = DateField("Uiterste datum voor vragen", validators=[Optional()])
    answers_on = DateField("Nota van inlichtingen", validators=[Optional()])
    closing_on = DateField("Sluiting inschrijving", validators=[Optional()])
    award_decision_on = DateField("Gunningsbesluit", validators=[Optional()])
    contract_start_on = DateField("Beoogde ingangsdatum contracten", validators=[Optional()])
    social_return_percent = percentage(
        "Social return (% van de opdrachtwaarde)",
        description="Het deel van de opdrachtwaarde dat de opdrachtnemer besteedt aan werk of "
        "leerplekken voor mensen met een afstand tot de arbeidsmarkt.",
    )
    breach_notification_hours = IntegerField(
        "Melding datalek aan de gemeente binnen (uur)",
        validators=[Optional(), NumberRange(min=1, max=720, message="Vul 1 tot en met 720 in.")],
    )
    retention_years = IntegerField(
        "Bewaartermijn dossiers (jaar)",
        validators=[Optional(), NumberRange(min=1, max=99, message="Vul 1 tot en met 99 in.")],
    )
    submit = SubmitField("Opslaan")


class LotForm(VersionedForm):
    rules = (payment_problems,)

    number = IntegerField(
        "Perceelnummer",
        validators=[DataRequired("Vul een perceelnummer in."), NumberRange(min=1, max=999)],
    )
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=300)])
    target_group_id = SelectField(
        "Doelgroep",
        coerce=optional_int,
        validate_choice=True,
        validators=[InputRequired("Kies een doelgroep.")],
    )
    target_group_profile = TextAreaField(
        "Kenmerken van de doelgroep",
        validators=[Length(max=20000)],
        description="Wie de deelnemers zijn en wat hen kenmerkt; staat in het PvE.",
    )
    scope = TextAreaField(
        "Gevraagde dienstverlening",
        validators=[Length(max=20000)],
        description="Wat de opdrachtnemer levert; staat in het PvE.",
    )
    internal_note = TextAreaField(
        "Interne notitie",
        validators=[Length(max=20000)],
        description="Planning, beoogde aanbieder, open punten: alleen voor de gemeente, nooit in "
        "een document.",
    )
    budget_per_year = MoneyField(
        "Budget per jaar",
        description="Leeg laten als het bedrag nog te bepalen is: Regie toont dan ‘ntb’ en telt "
        "het perceel in totalen als ‘+ ntb’, zoals het collegebesluit het noteert.",
    )
    planned_count = IntegerField(
        "Verwacht aantal trajecten per jaar",
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message="Vul 0 of meer in.")],
    )
    unit_price = MoneyField(
        "Prijs per traject", description="Bij resultaatfinanciering: het maximum."
    )
    payment_model = SelectField(
        "Bekostiging", choices=PaymentModel.choices(), default=PaymentModel.TRAJECTORY.value
    )
    start_fee = MoneyField("Startbedrag per traject")
    result_fee = MoneyField("Resultaatbedrag (per plaatsing)")
    result_share_percent = percentage("Resultaatafhankelijk deel (%)")
    intake_days = lead_time("Intake binnen (werkdagen na aanmelding)", 10, 60)
    plan_weeks = lead_time("Trajectplan binnen (weken na intake)", 4, 26)
    aftercare_months = lead_time("Nazorg na plaatsing (maanden)", 6, 24)
    report_back_days = lead_time("Terugmelding bij niet meewerken binnen (werkdagen)", 2, 20)
    lasting_outflow_months = lead_time("Duurzame uitstroom: werk van ten minste (maanden)", 6, 36)
    cpv = StringField(
        "Hoofd-CPV-code",
        validators=[Optional(), valid_cpv],
        description="8 cijfers met controlecijfer, bijv. 79611000-0 (arbeidsbemiddeling).",
    )
    initial_months = IntegerField(
        "Looptijd (maanden)",
        default=24,
        validators=[DataRequired("Vul de looptijd in."), NumberRange(min=1, max=120)],
    )
    option_months = MonthListField(
        "Verlengingsopties (maanden, gescheiden door komma's)", default=[12, 12]
    )
    price_method = SelectField(
        "Puntentoekenning prijs",
        choices=PriceMethod.choices(),
        default=PriceMethod.RELATIVE.value,
        description="Bij gunning op beste prijs-kwaliteitverhouding (BPKV): hoe de prijs punten "
        "krijgt naast de kwaliteitscriteria.",
    )
    notice_months = IntegerField(
        "Opzegtermijn (maanden)",
        default=3,
        description="Zo lang vóór het einde van de lopende termijn moet de gemeente besluiten "
        "of zij een optie licht; daarna vervalt de optie. Regie signaleert ruim daarvoor.",
        validators=[Optional(), NumberRange(min=0, max=24)],
    )

    submit = SubmitField("Opslaan")


class ProcedureForm(VersionedForm):
    """The chosen procedure and the six factors of the Gids Proportionaliteit, rule 3.4A."""

    procedure = SelectField(
        "Gekozen procedure",
        choices=[SelectChoice(code, label) for code, label in PROCEDURE_LABELS.items()],
    )
    size = TextAreaField(PROPORTIONALITY_FACTORS["size"], validators=[Length(max=5000)])
    transaction_costs = TextAreaField(
        PROPORTIONALITY_FACTORS["transaction_costs"], validators=[Length(max=5000)]
    )
    number_of_tenderers = TextAreaField(
        PROPORTIONALITY_FACTORS["number_of_tenderers"], validators=[Length(max=5000)]
    )
    end_result = TextAreaField(PROPORTIONALITY_FACTORS["end_result"], validators=[Length(max=5000)])
    complexity = TextAreaField(PROPORTIONALITY_FACTORS["complexity"], validators=[Length(max=5000)])
    contract_type_and_market = TextAreaField(
        PROPORTIONALITY_FACTORS["contract_type_and_market"], validators=[Length(max=5000)]
    )
    submit = SubmitField("Motivering vastleggen")

    def motivation(self) -> dict[str, str]:
        return {factor: self[factor].data for factor in PROPORTIONALITY_FACTORS}


class CriterionRow(Form):
    """One award criterion; a row left empty is ignored."""

    class Meta:
        locales = ("nl_NL", "nl")

    name = StringField("Criterium", validators=[Length(max=200)])
    kind = SelectField(
        "Soort", choices=CriterionKind.choices(), default=CriterionKind.QUALITY.value
    )
    weight_percent = MoneyField("Weging (%)")
    description = StringField("Toelichting", validators=[Length(max=2000)])

    def is_empty(self) -> bool:
        return not (self.name.data or "").strip() and self.weight_percent.data is None


class AwardCriteriaForm(VersionedForm):
    criteria = FieldList(FormField(CriterionRow), min_entries=6, max_entries=20)
    lowest_price_motivation = TextAreaField(
        "Motivering gunnen op laagste prijs",
        validators=[Length(max=5000)],
        description="Alleen nodig als er geen kwaliteitscriterium is (art. 2.114 Aw).",
    )
    submit = SubmitField("Gunningscriteria opslaan")

    def rows(self) -> list[dict]:
        return [
            {
                "name": row.form.name.data or "",
                "kind": row.form.kind.data,
                "weight_percent": row.form.weight_percent.data or Decimal(0),
                "description": row.form.description.data or "",
            }
            for row in self.criteria
            if not row.form.is_empty()
        ]


class RequirementForm(VersionedForm):
    code = StringField(
        "Code", validators=[Length(max=40)], description="Leeg laten: Regie kiest een code."
    )
    text = TextAreaField("Tekst", validators=[DataRequired("Vul de tekst van de eis in.")])
    kind = SelectField("Soort", choices=RequirementKind.choices())
    category = SelectField("Categorie", choices=RequirementCategory.choices())
    target_group_ids = SelectMultipleField(
        "Doelgroepen",
        coerce=int,
        description="Geen doelgroep gekozen: de eis geldt voor elk perceel.",
    )
    source = StringField("Bron", validators=[Length(max=200)])
    active = BooleanField("Actief (beschikbaar om over te nemen)", default=True)
    submit = SubmitField("Opslaan")


class LotRequirementForm(VersionedForm):
    text = TextAreaField("Tekst", validators=[DataRequired("Vul de tekst van de eis in.")])
    kind = SelectField("Soort", choices=RequirementKind.choices())
    category = SelectField("Categorie", choices=RequirementCategory.choices())
    submit = SubmitField("Opslaan")


class CopyRequirementsForm(DutchForm):
    requirement_ids = SelectMultipleField(
        "Eisen uit de bibliotheek",
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField("Geselecteerde eisen overnemen")


class TenderStatusForm(VersionedForm):
    status = SelectField(choices=TenderStatus.choices(), widget=HiddenInput())
    # Only asked when the tender goes to review; the service checks who may review.
    reviewer_id = SelectField("Beoordelaar", coerce=optional_int, validate_choice=False)


class NoticeFields:
    """What a change through a nota van inlichtingen asks on top of the normal form."""

    summary = TextAreaField(
        "Vraag of reden (nota van inlichtingen)",
        validators=[
            DataRequired("Beschrijf de vraag of de reden van de wijziging."),
            Length(max=5000),
        ],
        description="Wordt met een volgnummer vastgelegd en in het Programma van Eisen vermeld.",
    )
    submit = SubmitField("Wijziging vastleggen in nota van inlichtingen")


class ClarificationForm(NoticeFields, LotForm):
    pass


class ScoreRow(Form):
    class Meta:
        locales = ("nl_NL", "nl")

    criterion_id = IntegerField(widget=HiddenInput())
    score = MoneyField("Score (0–10)")


class BidForm(DutchForm):
    supplier_id = SelectField("Inschrijver", coerce=int)
    new_supplier_name = StringField(
        "Of een nieuwe inschrijver",
        validators=[Length(max=200)],
        description="Alleen invullen als de inschrijver nog niet in de lijst staat.",
    )
    price = MoneyField("Inschrijvingsprijs per jaar")
    received_on = DateField("Ontvangen op", validators=[DataRequired("Vul de ontvangstdatum in.")])
    scores = FieldList(FormField(ScoreRow), max_entries=20)
    excluded_reason = TextAreaField(
        "Reden van uitsluiting",
        validators=[Length(max=2000)],
        description="Alleen invullen als de inschrijving ongeldig is (bijv. een knock-out-eis).",
    )
    submit = SubmitField("Inschrijving registreren")


class TenderClarificationForm(NoticeFields, TenderForm):
    pass


class TenderClauseForm(VersionedForm):
    chapter = SelectField("Hoofdstuk", choices=ClauseChapter.choices())
    title = StringField(
        "Titel",
        validators=[DataRequired("Vul een titel in."), Length(max=200)],
        description="In de begrippenlijst: het begrip.",
    )
    text = TextAreaField("Tekst", validators=[DataRequired("Vul de tekst in."), Length(max=20000)])
    submit = SubmitField("Opslaan")
