from wtforms import SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import MoneyField, VersionedForm
from app.reference.models import Municipality


class ParticipantsForm(VersionedForm):
    participant_ids = SelectMultipleField(
        "Deelnemende gemeenten",
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
        description="De gemeenten namens wie de trekker inkoopt; elk geeft per perceel en jaar "
        "een eigen budget.",
    )
    submit = SubmitField("Opslaan")

    def __init__(self, *args, others: list[Municipality], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participant_ids.choices = [(m.id, m.name) for m in others]


def lot_budget_form(
    municipalities: list[Municipality], years: list[int], budgets: dict, version: int, **kwargs
) -> VersionedForm:
    """A grid of amounts, a field `b_<municipality id>_<year>` per cell, showing what is
    stored until the user sends other amounts."""

    class LotBudgetForm(VersionedForm):
        submit = SubmitField("Budget opslaan")

    for municipality in municipalities:
        for year in years:
            field = MoneyField(f"{municipality.name} {year}")
            setattr(LotBudgetForm, f"b_{municipality.id}_{year}", field)
    stored = {
        f"b_{municipality_id}_{year}": amount for (municipality_id, year), amount in budgets.items()
    }
    return LotBudgetForm(data={"version": version, **stored}, **kwargs)


def grid_amounts(form, municipalities: list[Municipality], years: list[int]) -> dict:
    return {
        (municipality.id, year): getattr(form, f"b_{municipality.id}_{year}").data
        for municipality in municipalities
        for year in years
    }
