"""The personal calendar (ICS): option deadlines, warning dates and steering-moment due dates."""

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from app.contracts.models import FrameworkContract, OptionStatus
from app.steering.models import MomentStatus

ONE_DAY = timedelta(days=1)


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@regie")
    event.add("dtstamp", stamp)  # RFC 5545: when the feed made it, a date-time in UTC
    event.add("dtstart", day)
    event.add("dtend", day + ONE_DAY)  # an all-day event
    event.add("summary", summary)
    event.add("description", description)
    return event


def build_calendar(contracts: list[FrameworkContract], lead: timedelta, *, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Regie//Contractmanagement//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Regie: termijnen en bijsturingsmomenten")
    for contract in contracts:
        name = f"{contract.reference} ({contract.lot.title})"
        option = next((o for o in contract.options if o.status == OptionStatus.OPEN), None)
        if option is not None:
            deadline = option.notice_deadline_on
            calendar.add_component(
                _event(
                    f"option-{option.id}-deadline",
                    deadline,
                    f"Uiterste datum optie {option.number}: {name}",
                    f"Optie {option.number} ({option.months} maanden): vandaag uiterlijk lichten.",
                    now,
                )
            )
            calendar.add_component(
                _event(
                    f"option-{option.id}-warning",
                    deadline - lead,
                    f"Verlengingsbesluit voorbereiden: {name}",
                    f"Over {lead.days // 7} weken verloopt de termijn van optie {option.number}.",
                    now,
                )
            )
        for moment in contract.steering_moments:
            if moment.status == MomentStatus.SCHEDULED:
                calendar.add_component(
                    _event(
                        f"moment-{moment.id}",
                        moment.due_on,
                        f"Bijsturingsmoment {moment.sequence}: {name}",
                        f"Periode {moment.period_start_on.isoformat()} t/m "
                        f"{moment.period_end_on.isoformat()}.",
                        now,
                    )
                )
    return calendar.to_ical()
