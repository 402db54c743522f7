from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.budgets.models import BudgetPlan, BudgetSide, LineKind
from app.forms import DateField, MoneyField, VersionedForm, optional_int
from app.reference.forms import choose, choose_from

YEAR = NumberRange(min=2000, max=2100, message="Vul een jaar in als 2020.")


class BudgetPlanForm(VersionedForm):
    municipality_id = SelectField("Gemeente", validators=[DataRequired("Kies de gemeente.")])
    year = IntegerField("Jaar", validators=[InputRequired("Vul het jaar in."), YEAR])
    title = StringField(
        "Titel",
        validators=[DataRequired("Vul een titel in."), Length(max=300)],
        description="Bijv.: Begroting 2020, Plan van Aanpak Participatie.",
    )
    source = TextAreaField(
        "Bron", validators=[Length(max=2000)], description="Het document waaruit de cijfers komen."
    )
    printed_balance = MoneyField(
        "Saldo volgens de bron",
        allow_negative=True,
        description="Zoals de bron het afdrukt; leeg als de bron geen saldo noemt. Regie rekent "
        "het saldo zelf uit en toont een verschil.",
    )
    adopted_on = DateField("Vastgesteld op", validators=[Optional()])
    submit = SubmitField("Opslaan")

    def __init__(self, *args, municipalities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = choose_from([(m.id, m.name) for m in municipalities])
        if self.municipality_id.data is not None:
            self.municipality_id.data = str(self.municipality_id.data)


class BudgetGroupForm(VersionedForm):
    side = SelectField(
        "Kant", choices=choose(BudgetSide), validators=[DataRequired("Kies de kant.")]
    )
    name = StringField(
        "Naam",
        validators=[DataRequired("Vul een naam in."), Length(max=200)],
        description="Bijv.: Perspectief 'werken', Uitgaven, Beschikbaar budget.",
    )
    segment_id = SelectField(
        "Segment",
        coerce=optional_int,
        validators=[Optional()],
        description="Als de groep een segment van de gemeente is, zoals een perspectief.",
    )
    printed_total = MoneyField(
        "Totaal volgens de bron", description="Leeg als de bron geen totaal afdrukt."
    )
    position = IntegerField(
        "Volgorde", default=0, validators=[Optional(), NumberRange(min=0, max=999)]
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, plan: BudgetPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        segments = plan.municipality.scheme.segments
        self.segment_id.choices = [
            SelectChoice("", "— geen —"),
            *(SelectChoice(segment.id, segment.label) for segment in segments),
        ]


class BudgetLineForm(VersionedForm):
    group_id = SelectField(
        "Groep",
        coerce=optional_int,
        validators=[InputRequired("Kies de groep waar deze regel onder valt.")],
    )
    name = StringField(
        "Omschrijving", validators=[DataRequired("Vul een omschrijving in."), Length(max=300)]
    )
    kind = SelectField(
        "Soort", choices=choose(LineKind), validators=[DataRequired("Kies de soort regel.")]
    )
    amount = MoneyField(
        "Bedrag",
        description="Leeg: nog te bepalen (ntb). Bij een perceel: leeg, het perceel neemt zijn "
        "eigen budget mee.",
    )
    lot_id = SelectField(
        "Perceel", coerce=optional_int, validators=[Optional()], description="Bij soort Perceel."
    )
    contract_reference = StringField(
        "Contractkenmerk",
        validators=[Length(max=40)],
        description="Bij soort Contract: het kenmerk van het raamcontract.",
    )
    position = IntegerField(
        "Volgorde", default=0, validators=[Optional(), NumberRange(min=0, max=999)]
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, plan: BudgetPlan, lots=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.group_id.choices = [
            SelectChoice("", "— kies —"),
            *(SelectChoice(group.id, f"{group.side.label}: {group.name}") for group in plan.groups),
        ]
        self.lot_id.choices = [
            SelectChoice("", "— geen —"),
            *(
                SelectChoice(lot.id, f"{lot.tender.reference} perceel {lot.number}: {lot.title}")
                for lot in lots
            ),
        ]
