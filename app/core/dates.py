"""Calendar rules shared by contracts and steering (docs/design.md §2)."""

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ONE_DAY = timedelta(days=1)
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Column default; passed as a callable so it is evaluated per row."""
    return datetime.now(UTC)


def local_today() -> date:
    """Today as the calendar in the Netherlands shows it: the server runs on UTC, and between
    midnight in Haarlem and midnight UTC its own date is still yesterday."""
    return datetime.now(TIMEZONE).date()


def as_utc(moment: datetime) -> datetime:
    """A stored time with its zone (SQLite gives it back without one; it is UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_time(moment: datetime) -> datetime:
    """A stored time as the clock in the Netherlands showed it, without its zone."""
    return as_utc(moment).astimezone(TIMEZONE).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The Dutch calendar day of a stored time."""
    return as_utc(moment).astimezone(TIMEZONE).date()


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb).
    Plain arithmetic: the overview works out thousands of terms per view, and dateutil's
    relativedelta took ten times as long for the same answer."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    """Inclusive end ("t/m") of a term of `months` months: start + n months − 1 day.

    When the start's day number does not exist in the end month (a term from 31 January), the
    term runs to that month's last day instead of stopping a day short of it, so consecutive
    terms computed from one start never overlap or leave a gap.
    """
    if months <= 0:
        raise ValueError("een looptijd is minstens één maand")
    same_day = add_months(start, months)
    if same_day.day < start.day:  # clamped: the start's day does not exist in that month
        return same_day
    return same_day - ONE_DAY
