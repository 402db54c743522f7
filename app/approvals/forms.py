"""Forms for the alderman's decision."""

from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS
from app.core.dates import local_today
from app.forms import DateField, DutchForm, MoneyField, VersionedForm


class DecisionForm(VersionedForm):
    # Nothing is chosen in advance: the alderman decides, not the form.
    decision = RadioField(
        "Besluit",
        choices=[SelectChoice("goedkeuren", "Goedkeuren"), SelectChoice("afwijzen", "Afwijzen")],
        validators=[InputRequired("Kies: goedkeuren of afwijzen.")],
    )
    decided_on = DateField("Besluitdatum", default=local_today)
    remark = TextAreaField("Opmerking (verplicht bij afwijzen)", validators=[Length(max=5000)])


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def long_text(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=10000)], description=description)


class ProposalForm(DutchForm):
    """What the requester adds: the subject's own input and the collegevoorstel's texts."""

    rationale = TextAreaField("Motivering", validators=[Length(max=5000)])
    amended_on = DateField("Datum van de wijziging", validators=[Optional()])
    value_change = MoneyField(
        "Waardeverandering (negatief bij minder werk)", allow_negative=True, example="-12.500,00"
    )
    registration_number = StringField(
        "Registratienummer",
        validators=[Length(max=20)],
        description="JJJJ/NNNNNN, bijv. 2017/532748",
    )
    short_title = StringField(
        "Korte titel (voettekst)", validators=[Length(max=200)], description="Staat op elke pagina."
    )
    key_message = long_text("Kernboodschap")
    committee_proposal = long_text(
        "Behandelvoorstel voor commissie", "Bijv. 'N.v.t.' of het verzoek de commissie te horen."
    )
    earlier_decision_ids = SelectMultipleField(
        "Relevante eerdere besluiten",
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )
    decision_points = long_text("Besluitpunten", "Eén besluitpunt per regel.")
    introduction = long_text("Inleiding")
    intended_result = long_text("Beoogd resultaat")
    arguments = long_text("Argumenten")
    communication = long_text("Communicatie")
    risks = long_text("Risico's en kanttekeningen")
    implementation = long_text("Uitvoering")
    annexes = long_text("Bijlagen", "Eén bijlage per regel.")

    def prefill(self, draft: dict) -> None:
        """Suggested texts, lists one item per line; the committee is not asked by default."""
        values = {"committee_proposal": "N.v.t."} | draft
        self.process(
            data={k: "\n".join(v) if isinstance(v, list) else v for k, v in values.items()}
        )

    def proposal(self) -> dict:
        texts = {name: getattr(self, name).data or "" for name in PROPOSAL_TEXTS}
        return {
            "registration_number": self.registration_number.data or "",
            "short_title": self.short_title.data or "",
            **texts,
            **{name: lines(getattr(self, name).data) for name in PROPOSAL_LISTS},
        }

    def details(self) -> dict:
        return {
            "rationale": self.rationale.data or "",
            "amended_on": self.amended_on.data,
            "value_change": self.value_change.data,
        }
