"""How a lot is paid for, and what each payment model states in the PvE and the readiness
check (one table, so the two never differ)."""

from app.core.statuses import LabeledEnum


class PaymentModel(LabeledEnum):
    TRAJECTORY = "trajectory", "Prijs per traject"
    START_AND_RESULT = "start_and_result", "Startbedrag plus resultaatbedrag"
    PLACEMENT = "placement", "Bedrag per plaatsing"
    LUMP_SUM = "lump_sum", "Vast bedrag per jaar (lumpsum)"
    MIXED = "mixed", "Combinatie: vast deel en resultaatafhankelijk deel"
    # Agencies keep their own business model (their margin on the placed worker); the
    # municipality pays a fee on top per placement (docs/domain.md §6, uitzendbureaus).
    MARGIN_AND_FEE = "margin_and_fee", "Eigen marge van het bureau plus een fee per plaatsing"


# What each payment model states: (lot field, its label in the PvE, how the readiness check
# names it when missing). The PvE prints the budget in a row of its own.
_UNIT_PRICE = ("unit_price", "Prijs per traject (maximum)", "de prijs per traject")


PAYMENT_TERMS: dict[PaymentModel, tuple[tuple[str, str, str], ...]] = {
    PaymentModel.TRAJECTORY: (_UNIT_PRICE,),
    PaymentModel.START_AND_RESULT: (
        _UNIT_PRICE,
        ("start_fee", "Startbedrag, bij de start van het traject", "het startbedrag"),
        ("result_fee", "Resultaatbedrag, bij een plaatsing", "het resultaatbedrag"),
    ),
    PaymentModel.PLACEMENT: (("result_fee", "Bedrag per plaatsing", "het bedrag per plaatsing"),),
    PaymentModel.LUMP_SUM: (
        ("budget_per_year", "Budget per jaar (maximum)", "het vaste bedrag per jaar (budget)"),
    ),
    PaymentModel.MARGIN_AND_FEE: (
        ("result_fee", "Fee per plaatsing, bovenop de eigen marge", "de fee per plaatsing"),
    ),
    PaymentModel.MIXED: (
        _UNIT_PRICE,
        ("result_share_percent", "Verdeling", "het resultaatafhankelijke deel"),
    ),
}


# What one person costs under each model, to check planned count × price against the budget
# (a lump sum has no price per person): (lot field, how the check names it).
PRICE_PER_PERSON: dict[PaymentModel, tuple[str, str]] = {
    PaymentModel.TRAJECTORY: ("unit_price", "prijs per traject"),
    PaymentModel.START_AND_RESULT: ("unit_price", "prijs per traject"),
    PaymentModel.MIXED: ("unit_price", "prijs per traject"),
    PaymentModel.PLACEMENT: ("result_fee", "bedrag per plaatsing"),
    PaymentModel.MARGIN_AND_FEE: ("result_fee", "fee per plaatsing"),
}
