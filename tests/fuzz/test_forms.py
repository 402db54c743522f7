"""Property-based fuzzing of the main forms: whatever a user (or a script) types into any of a
form's fields, the answer is never a server error, and either the input was accepted (a
redirect to a page saying so) or nothing at all was saved: every table is the same, row for
row, whatever the status code. Each example changes some fields of the form as shown; the
form as shown is among them, so forms that come filled in valid must be accepted at least
once. Payloads never come back unescaped."""

import hashlib
import os
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract
from app.extensions import db
from app.steering.models import SteeringMoment
from app.tenders.library_services import copy_requirements
from app.tenders.lot_services import add_lot
from app.tenders.models import TargetGroup, TenderStatus
from app.tenders.requirement_models import Requirement
from app.tenders.services import create_tender
from tests.conftest import make_user, sign_in, table_contents
from tests.factories import latest_request, lot_data, propose
from tests.html_forms import form_fields, shown_form

PAYLOADS = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "+31 6 1234",
    "@SUM(A1)",
    "-1",
    "-99999999999999999999",
    "1e308",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "31-02-2026",
    "1.000.000.000.000,00",
    "",
    " ",
    "\u202e\u0000\ufeff",
    "ëïöü ß 漢字 🚀",
]
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.text(min_size=5_000, max_size=12_000, alphabet="ab<&\"'= "),  # huge
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
)
FORM_EXAMPLES = int(os.environ.get("REGIE_FUZZ_EXAMPLES", "25"))  # per form
FORMS = [
    ("tender", "/inkooptrajecten/nieuw"),
    ("tender_edit", "/inkooptrajecten/{draft}/bewerken"),
    ("lot", "/inkooptrajecten/{draft}/percelen/nieuw"),
    ("lot_edit", "/inkooptrajecten/{draft}/percelen/{lot}/bewerken"),
    ("award_criteria", "/inkooptrajecten/{draft}/percelen/{lot}/gunningscriteria"),
    ("lot_norms", "/inkooptrajecten/{draft}/percelen/{lot}/normen"),
    ("procedure", "/inkooptrajecten/{draft}/procedure"),
    ("library", "/beheer/eisen/nieuw"),
    ("moment", "/contracten/{contract}/bijsturing/{moment}"),
    ("amendment", "/contracten/{contract}/wijzigingen/nieuw"),
    ("spend", "/contracten/{contract}/bestedingen/nieuw"),
    ("contract_norms", "/contracten/{contract}/normen"),
    ("termination", "/contracten/{contract}/beeindigen"),
    ("extension_request", "/goedkeuringen/nieuw/extension/{option}"),
    ("users", "/beheer/gebruikers"),
    ("user_edit", "/beheer/gebruikers/{user}"),
    ("requirements", "/inkooptrajecten/{draft}/percelen/{lot}/eisen"),
    ("lot_requirement", "/inkooptrajecten/{draft}/percelen/{lot}/eisen/{lot_requirement}"),
    ("library_edit", "/beheer/eisen/{requirement}"),
    ("login", "/login"),
    ("activation", "/contracten/{draft_contract}"),
    ("decision", "/goedkeuringen/{request}"),
]
# A failed login is recorded on purpose (it counts towards the lockout).
RECORDED_WHEN_REFUSED = {"login": {"login_failures"}}
# Forms that sit on a page and post elsewhere (the fields are read from that form only).
POSTED_TO = {"activation": "/contracten/{draft_contract}/activeren"}


def digest() -> dict[str, str]:
    """Per table, a hash of every row in it (the rows as table_contents reads them)."""
    return {
        table: hashlib.sha256(repr(rows).encode()).hexdigest()
        for table, rows in table_contents().items()
    }


# Forms that come filled in valid (or are given valid values below): saved as shown, they
# must be accepted.
ACCEPTED_AS_SHOWN = {"tender_edit", "lot_edit", "user_edit", "lot_requirement", "library_edit"}


@pytest.fixture
def places(current):
    draft = create_tender(
        None,
        municipality="Haarlem",
        values={"reference": "2026/900001", "title": "Fuzzdoel", "route": "tender"},
    )
    draft_lot = add_lot(
        None,
        draft,
        values={
            "number": 1,
            "title": "Statushouders",
            "target_group_id": db.session.scalar(db.select(TargetGroup.id).limit(1)),
            "budget_per_year": Decimal("100000"),
            "initial_months": 24,
            "option_months": [12, 12],
            "notice_months": 3,
        },
    )
    requirement = db.session.scalar(db.select(Requirement).limit(1))
    (copy,) = copy_requirements(None, draft_lot, [requirement.id])
    db.session.commit()
    assert draft.status == TenderStatus.DRAFT
    contract = db.session.get(FrameworkContract, current.id)
    return {
        "draft": draft.id,
        "contract": contract.id,
        "moment": db.session.scalar(
            db.select(SteeringMoment.id).filter_by(contract_id=contract.id, sequence=1)
        ),
        "option": contract.options[0].id,
        "lot": draft_lot.id,
        "group": draft_lot.target_group,
        "requirement": requirement.id,
        "lot_requirement": copy.id,
        "user": make_user(Role.ALDERMAN, "fuzz-doelwit@regie.example").id,
        "draft_contract": db.session.scalar(
            db.select(FrameworkContract.id).filter_by(status=ContractStatus.DRAFT).limit(1)
        ),
    }


def log_in(client, role: Role, email: str) -> None:
    user = make_user(role, email)
    sign_in(client, user)


@pytest.mark.parametrize(("name", "url"), FORMS, ids=[name for name, _ in FORMS])
def test_no_input_breaks_a_form_or_is_partly_saved(client, places, tender_form, name, url):
    if name == "decision":  # an open request to decide on, put forward by someone else
        log_in(client, Role.CONTRACT_MANAGER, "fuzz-indiener@regie.example")
        propose(client, "extension", places["option"], rationale="Goede resultaten")
        places["request"] = latest_request().id
    role = Role.CONTRACT_MANAGER
    if name in ("users", "user_edit", "library", "library_edit"):
        role = Role.ADMIN
    if name.startswith(("tender", "lot", "award", "procedure", "requirements")):
        role = Role.PROCUREMENT_ADVISER
    if name == "decision":
        role = Role.ALDERMAN
    if name != "login":
        log_in(client, role, f"fuzz-{role.value}@regie.example")
    page_url, url = url.format(**places), POSTED_TO.get(name, url).format(**places)
    base = {"tender": tender_form, "lot": lot_data(places["group"], number="2")}.get(name)
    outcomes = fuzz(client, page_url, url, RECORDED_WHEN_REFUSED.get(name, set()), base)
    if name in ACCEPTED_AS_SHOWN or base:
        assert outcomes["accepted"] >= 1, outcomes


def fuzz(
    client,
    page_url: str,
    url: str,
    recorded: set[str] = frozenset(),
    base: dict[str, str] | None = None,
) -> Counter:
    """Post the form on `page_url` that posts to `url`, as shown (or with `base` filled in)
    and with generated values in some of its fields; a refusal changes no table but the
    `recorded` ones. How many examples were accepted and refused."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    fields = {name for name, _ in form_fields(page.text, url)} - {"csrf_token", "version"}
    assert fields, url
    outcomes: Counter = Counter()

    @settings(
        max_examples=FORM_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        values=st.one_of(
            st.just({}), st.fixed_dictionaries({}, optional={f: TEXT for f in sorted(fields)})
        )
    )
    def post(values):
        shown = shown_form(client.get(page_url).text, url)  # with a fresh token and version
        if shown is None:  # an accepted example took the action the form offered (a decision)
            assert outcomes["accepted"], f"{page_url} no longer shows its form"
            return
        data = MultiDict([(k, v) for k, v in shown if k not in values and k not in (base or {})])
        data.update(MultiDict({**(base or {}), **values}))
        before = digest()
        response = client.post(url, data=data)
        assert response.status_code < 500
        assert "<script>alert(1)</script>" not in response.text
        accepted = response.status_code == 302 and 'class="alert alert-danger"' not in (
            client.get(response.location).text
        )
        outcomes["accepted" if accepted else "refused"] += 1
        if not accepted:
            after = digest()
            changed = {table for table in after if after[table] != before[table]}
            assert changed <= recorded, f"refused ({response.status_code}), yet {changed} changed"

    post()
    return outcomes


PUBLISHED_FORMS = {
    "bid": "/inkooptrajecten/{tender}/percelen/{lot}/inschrijvingen",
    "lot_clarification": "/inkooptrajecten/{tender}/percelen/{lot}/nota",
    "tender_clarification": "/inkooptrajecten/{tender}/nota",
}


@pytest.mark.parametrize("name", PUBLISHED_FORMS)
def test_no_input_breaks_the_forms_of_a_published_tender(client, published, name):
    url = PUBLISHED_FORMS[name].format(tender=published.id, lot=published.lots[0].id)
    fuzz(client, url, url)


def test_no_input_breaks_the_decision_on_an_option(client, places):
    log_in(client, Role.CONTRACT_MANAGER, "fuzz-contract_manager@regie.example")
    contract = places["contract"]
    fuzz(client, f"/contracten/{contract}", f"/contracten/{contract}/opties/1/afzien")
