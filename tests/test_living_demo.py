"""The living demo: Haarlem 2018 held as history and a follow-up purchase that gives the start
page a realistic handful of signals on whatever day it is seeded."""

from datetime import date, timedelta

import pytest

from app.auth.models import Role, User
from app.contracts.models import ContractStatus, FrameworkContract
from app.contracts.option_services import lapse_missed_options
from app.contracts.services import expire_ended_contracts
from app.contracts.signals import list_signals
from app.contracts.statuses import OptionStatus
from app.extensions import db
from app.home.tasks import list_tasks
from app.living_demo import HAARLEM_2018, seed_living_demo
from app.seeding import seed_demo_users
from app.steering.models import MomentStatus
from app.tenders.models import Tender, TenderStatus
from tests.conftest import table_contents


def seed_as_run_does(today: date, settings) -> None:
    """What ./run does after the Haarlem 2018 seed: the living demo, then the daily update."""
    seed_living_demo(None, today=today, settings=settings)
    lapse_missed_options(None, today=today)
    expire_ended_contracts(None, today=today)
    db.session.commit()


def contracts(prefix: str) -> list[FrameworkContract]:
    query = db.select(FrameworkContract).where(FrameworkContract.reference.startswith(prefix))
    return list(db.session.scalars(query.order_by(FrameworkContract.reference)))


@pytest.fixture(params=[0, 1, 2, 3])
def day(request, today) -> date:
    """Today, and days that are awkward for dates relative to them: a first of January, the
    end of a long and of a short month, a leap day."""
    return [
        today,
        date(today.year + 1, 1, 1),
        date(today.year + 1, 8, 31),
        date(2028, 2, 29),
    ][request.param]


def test_haarlem_2018_is_history_and_a_follow_up_gives_a_handful_of_signals(haarlem, settings, day):
    seed_as_run_does(day, settings)

    held = [c for c in contracts(HAARLEM_2018) if c.signed_on or c.status != ContractStatus.DRAFT]
    assert {c.status for c in held} == {ContractStatus.EXPIRED}
    for contract in held:
        moments = contract.steering_moments
        assert MomentStatus.SCHEDULED not in {m.status for m in moments}
        assert moments[-1].status == MomentStatus.MET  # a slow start, a good end
        assert all(m.findings and m.results for m in moments)
        assert [o.status for o in contract.options] == [OptionStatus.DECLINED, OptionStatus.LAPSED]

    follow_up = [c for c in contracts("") if not c.reference.startswith(HAARLEM_2018)]
    assert len(follow_up) == 3
    assert all(c.status == ContractStatus.ACTIVE and c.start_on < day for c in follow_up)
    signals = list_signals(day, settings.decision_lead, 50, 0)
    assert signals.totals["options"] == 1
    assert 1 <= signals.totals["overdue_moments"] <= 3
    assert signals.totals["overdue_actions"] == 1
    assert signals.totals["red_results"] == 1
    assert signals.count <= 8  # a handful, not the 16 overdue moments of 2018


def test_seeding_the_living_demo_again_changes_nothing(haarlem, settings, today):
    seed_as_run_does(today, settings)
    before = table_contents()
    report = seed_living_demo(None, today=today, settings=settings)
    db.session.commit()
    assert report.total == 0
    assert table_contents() == before


def test_a_month_later_the_demo_has_moved_on_without_new_data(haarlem, settings, today):
    """Seeded once, the demo lives on: a month later the option is closer to its deadline
    and nothing is seeded again."""
    seed_as_run_does(today, settings)
    later = today + timedelta(days=31)
    assert seed_living_demo(None, today=later, settings=settings).total == 0
    signals = list_signals(later, settings.decision_lead, 50, 0)
    assert signals.totals["overdue_actions"] == 1


def test_the_contract_manager_start_page_shows_todays_signals(
    client, login_as, haarlem, settings, today
):
    seed_as_run_does(today, settings)
    login_as(Role.CONTRACT_MANAGER)
    page = client.get("/", follow_redirects=True).text
    assert "2017/532748" not in page  # 2018 is history
    follow_up = contracts("")[-1].reference.rsplit("-", 1)[0]
    assert page.count(follow_up) >= 4
    assert "Plan van aanpak voor de instroom" in page


def test_with_the_demo_users_a_colleagues_draft_waits_for_review(haarlem, settings, today):
    seed_demo_users()
    seed_as_run_does(today, settings)
    tender = db.session.scalar(db.select(Tender).filter_by(status=TenderStatus.IN_REVIEW))
    assert tender.reviewer.email == "inkoop@regie.example"
    assert tender.lots and tender.contract_start_on > today
    adviser = db.session.scalar(db.select(User).filter_by(email="inkoop@regie.example"))
    assert list_tasks(adviser, today).reviews == [tender]
    before = table_contents()
    seed_as_run_does(today, settings)
    assert table_contents() == before  # the second run changes nothing
