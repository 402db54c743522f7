"""Property-based fuzzing of the main forms: whatever a user (or a script) types, the answer is
never a server error, the form comes back with field errors and nothing is saved, or the
input was valid and accepted; payloads never come back unescaped."""

import os
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.auth.models import Role
from app.contracts.models import FrameworkContract
from app.extensions import db
from app.steering.models import SteeringMoment
from app.tenders.models import TargetGroup, TenderStatus
from app.tenders.services import add_lot, create_tender
from tests.approvals.conftest import current  # noqa: F401
from tests.conftest import CSRF_INPUT, make_user

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
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>', re.S)
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
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
]


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def places(current):  # noqa: F811
    draft = create_tender(
        None,
        municipality="Haarlem",
        values={"reference": "2026/900001", "title": "Fuzzdoel", "route": "tender"},
    )
    lot = add_lot(
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
        "lot": lot.id,
        "user": make_user(Role.ALDERMAN, "fuzz-doelwit@regie.example").id,
    }


@pytest.mark.parametrize(("name", "url"), FORMS, ids=[name for name, _ in FORMS])
def test_no_input_breaks_a_form_or_is_partly_saved(client, places, name, url):
    role = Role.ADMIN if name in ("users", "user_edit", "library") else Role.CONTRACT_MANAGER
    if name.startswith(("tender", "lot", "award", "procedure")):
        role = Role.PROCUREMENT_ADVISER
    user = make_user(role, f"fuzz-{role.value}@regie.example")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    url = url.format(**places)
    page = client.get(url)
    assert page.status_code == 200, url
    fields = sorted(set(FIELD.findall(page.text)) - {"csrf_token", "version", "submit"})
    hidden = dict(HIDDEN.findall(page.text))
    assert fields, url

    @settings(
        max_examples=FORM_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=st.fixed_dictionaries({field: TEXT for field in fields}))
    def post(values):
        form = client.get(url).text
        token = CSRF_INPUT.search(form)
        data = hidden | {"csrf_token": token.group(1) or token.group(2)} | values
        before = row_counts()
        response = client.post(url, data=data)
        assert response.status_code < 500
        if response.status_code == 200:  # the form again, with its errors
            assert row_counts() == before, "a refused form saved something"
            assert "<script>alert(1)</script>" not in response.text

    post()
