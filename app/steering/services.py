"""Use cases for steering moments."""

from app.auth.models import User
from app.contracts.models import FrameworkContract
from app.core.audit import record_create
from app.steering.models import SteeringMoment
from app.steering.rules import steering_schedule


def schedule_steering_moments(
    actor: User | None, contract: FrameworkContract, *, due_after_months: int
) -> list[SteeringMoment]:
    """Add the moments of the current term that do not exist yet; existing ones stay as they are."""
    existing = {moment.sequence for moment in contract.steering_moments}
    periods = steering_schedule(
        contract.start_on,
        contract.current_end_on,
        contract.steering_interval_months,
        due_after_months,
    )
    added = []
    for period in periods:
        if period.sequence in existing:
            continue
        moment = SteeringMoment(
            sequence=period.sequence,
            period_start_on=period.period_start_on,
            period_end_on=period.period_end_on,
            due_on=period.due_on,
        )
        contract.steering_moments.append(moment)
        record_create(actor, moment)
        added.append(moment)
    return added
