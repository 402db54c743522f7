"""Dutch presentation of money and dates, registered as Jinja filters."""

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_datetime

from app.core.dates import TIMEZONE

LOCALE = "nl_NL"
NOT_YET_DETERMINED = "ntb"
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
CENT = Decimal("0.01")
MAX_DECIMALS = 3  # nl_NL's decimal pattern, #,##0.###
DUTCH_SEPARATORS = str.maketrans(",.", ".,")

# eur(), number_nl() and date_nl() run hundreds of times per list page; babel's general
# formatters cost more than the rest of such a page, so these are written out. A test holds
# them to babel's nl_NL output.


def eur(amount: Decimal | None) -> str:
    """€ 1.827.301,14 — and "ntb" where no amount is known yet (which is not zero)."""
    if amount is None:
        return NOT_YET_DETERMINED
    cents = Decimal(str(amount)).quantize(CENT, ROUND_HALF_EVEN)
    return "€\xa0" + f"{cents:,.2f}".translate(DUTCH_SEPARATORS)


def number_nl(value: Decimal | int | None, decimals: int | None = None) -> str:
    """12,5 — or with a fixed number of decimals: number_nl(86, 2) → 86,00."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    places = MAX_DECIMALS if decimals is None else decimals
    text = f"{number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN):,.{places}f}"
    if decimals is None and "." in text:  # as many decimals as it has, up to three
        text = text.rstrip("0").rstrip(".")
    return text.translate(DUTCH_SEPARATORS)


def date_nl(day: date | None) -> str:
    """1 februari 2018."""
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def datetime_nl(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return format_datetime(moment, "d MMMM yyyy 'om' HH:mm", tzinfo=TIMEZONE, locale=LOCALE)


# Lists that summarise all contracts (the signals, Mijn taken and their counts in the menu) count
# this far and say "meer dan" beyond: counting to the end would read more rows the more
# contracts there are, on every page.
COUNTED_UP_TO = 100


def counted(count: int) -> str:
    """A count that stopped past COUNTED_UP_TO."""
    return f"meer dan {COUNTED_UP_TO}" if count > COUNTED_UP_TO else number_nl(count)


def menu_count(count: int) -> str:
    """The same in a menu badge."""
    return f"{COUNTED_UP_TO}+" if count > COUNTED_UP_TO else str(count)


FILTERS = {
    "menu_count": menu_count,
    "counted": counted,
    "eur": eur,
    "number_nl": number_nl,
    "date_nl": date_nl,
    "datetime_nl": datetime_nl,
}
