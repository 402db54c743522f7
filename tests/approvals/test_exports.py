"""What the alderman receives with a request: the collegevoorstel in Word and the Excel
overview, made at submission from the frozen snapshot and stored as document versions."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.approvals.models import Decision
from app.auth.models import Role, User
from app.core.dates import local_today, term_end
from app.core.formatting import date_nl
from app.documents.models import Document, DocumentKind
from app.extensions import db
from app.steering.models import Action
from tests.conftest import normalise, word_text
from tests.factories import decide_request, latest_request, propose


@pytest.fixture
def submitted(client, login_as, current, today):
    """An extension request with texts that must survive Word and Excel as text."""
    db.session.add(
        Action(
            contract_id=current.id,
            text='=HYPERLINK("http://evil.example","klik")',
            owner="@team & <co>",
            due_on=today,
        )
    )
    db.session.add(
        Action(
            contract_id=current.id,
            text="+31 23 511 5115",
            owner="-x",
            due_on=today + timedelta(days=31),
        )
    )
    db.session.commit()
    login_as(Role.CONTRACT_MANAGER)
    earlier = db.session.scalar(db.select(Decision).filter_by(reference="BBV2017/261113"))
    response = propose(
        client,
        "extension",
        current.options[0].id,
        rationale="Uitstroom boven de norm",
        earlier_decision_ids=[earlier.id],
    )
    assert "Het verzoek ligt ter goedkeuring bij de wethouder." in response.text
    return latest_request()


def download(client, request, kind: DocumentKind):
    """Follow the attachment's link on the alderman's page."""
    document = db.session.scalar(
        db.select(Document).filter_by(approval_request_id=request.id, kind=kind)
    )
    assert f'href="/documenten/{document.id}"' in client.get(f"/goedkeuringen/{request.id}").text
    response = client.get(f"/documenten/{document.id}")
    assert response.status_code == 200
    return response


def test_the_alderman_downloads_the_collegevoorstel_in_the_municipal_structure(
    client, login_as, submitted, current
):
    login_as(Role.ALDERMAN)
    response = download(client, submitted, DocumentKind.COLLEGEVOORSTEL)
    today = local_today().isoformat()
    assert f'filename="Collegevoorstel 2026-123456 {today}.docx"' in normalise(
        response.headers["Content-Disposition"]
    )
    text = normalise(word_text(response.data))
    headings = [
        "Kernboodschap",
        "Behandelvoorstel voor commissie",
        "Relevante eerdere besluiten",
        "Besluit College d.d.",
        "1. Inleiding",
        "2. Besluitpunten college",
        "3. Beoogd resultaat",
        "4. Argumenten",
        "Financiën",
        "Communicatie",
        "5. Risico's en kanttekeningen",
        "6. Uitvoering",
        "7. Bijlagen",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)  # in the municipality's order
    assert "Tweede alinea & <meer>." in text  # escaped for Word, not dropped
    assert "=Tweede punt +1" in text and "@Argument" in text
    assert "+31 23 511 5115 belt de wethouder" in text
    assert (
        'Nota "Naar een effectief ondersteuningsaanbod in het kader van de Participatiewet" '
        "(BBV2017/261113) in de commissie Samenleving van 6 juli 2017"
    ) in text
    assert "Bijlage 1: Rapportage bijsturingsmoment" in text
    # Financiën: the cost of this extension (budget per year × 12 months ÷ 12), not the
    # budgets of the tender's other lots.
    assert "Kosten van deze verlenging (optie 1)\n12 maanden × € 1.827.301,14 per jaar" in text
    assert "Inkoop Pasmatch" in text and "€ 663.075,00" not in text
    new_end = date_nl(term_end(current.start_on, 36))
    assert f"Nieuwe einddatum\n{new_end}" in text  # figures from the snapshot
    assert "2026/123456 Verlenging re-integratie · pagina" in text  # footer on every page


def test_the_excel_overview_has_typed_cells_and_formulas_stay_text(
    client, login_as, submitted, current
):
    login_as(Role.ALDERMAN)
    response = download(client, submitted, DocumentKind.EXCEL_OVERVIEW)
    assert "Overzicht 2017-532748" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == [
        "Percelen en budget",
        "Contracten",
        "Bijsturingsmomenten",
        "Acties",
        "Logboek",
    ]
    lots = book["Percelen en budget"]
    assert [cell.value for cell in lots[1]][:6] == [
        "Inkooptraject",
        "Perceel",
        "Titel",
        "Doelgroep",
        "Opdrachtnemer",
        "Budget per jaar",
    ]
    budget = lots["F2"]
    assert budget.value == pytest.approx(1827301.14) and "€" in budget.number_format
    assert lots["A3"].value == "Totaal" and lots["F3"].value == pytest.approx(1827301.14)
    assert lots.freeze_panes == "A2" and lots.auto_filter.ref.startswith("A1:")

    contracts = book["Contracten"]
    rows = {row[0].value: row for row in contracts.iter_rows(min_row=2)}
    running = rows["2026/000001-1"]
    start, end = current.start_on, term_end(current.start_on, 24)
    assert running[4].value == datetime(start.year, start.month, start.day)
    assert running[4].is_date
    assert running[6].value == datetime(end.year, end.month, end.day)  # not yet extended

    actions = book["Acties"]
    cells = [row for row in actions.iter_rows(min_row=2) if row[0].value == "2026/000001-1"]
    assert cells[0][2].value == '=HYPERLINK("http://evil.example","klik")'
    assert cells[0][2].data_type == "s"  # text, not a live formula
    assert cells[0][3].value == "@team & <co>"
    assert (cells[1][2].value, cells[1][2].data_type) == ("+31 23 511 5115", "s")
    for sheet in book:  # amounts fit their column: LibreOffice and Excel show ### where not
        for cell in (cell for row in sheet.iter_rows(min_row=2) for cell in row):
            if "€" in cell.number_format and isinstance(cell.value, int | float):
                shown = f"€ {cell.value:,.2f}"
                assert sheet.column_dimensions[cell.column_letter].width > len(shown), shown
    logged = {row[3].value for row in book["Logboek"].iter_rows(min_row=2)}
    assert "Raamcontract" in logged  # the digest: no approval yet, so everything so far


def test_downloads_are_stored_versions_and_authorised_per_role(client, login_as, submitted):
    documents = db.session.scalars(
        db.select(Document).filter_by(approval_request_id=submitted.id)
    ).all()
    assert {d.kind for d in documents} == {
        DocumentKind.COLLEGEVOORSTEL,
        DocumentKind.EXCEL_OVERVIEW,
    }
    login_as(Role.ADMIN)
    assert client.get(f"/documenten/{documents[0].id}").status_code == 403
    login_as(Role.ALDERMAN)
    approved = decide_request(client, submitted)
    assert "Het verzoek is goedgekeurd." in approved.text
    decision = db.session.scalar(db.select(Decision).filter_by(reference="2026/123456"))
    assert decision.title == "Verlenging re-integratie"  # citable by later proposals
    assert decision.decided_on == local_today()


def test_a_proposal_without_its_core_texts_is_refused_and_keeps_what_was_typed(
    client, login_as, current
):
    login_as(Role.CONTRACT_MANAGER)
    response = propose(
        client,
        "extension",
        current.options[0].id,
        rationale="Bewaard & <veilig>",
        registration_number="532748",
        key_message="",
        decision_points="",
    )
    page = normalise(response.text)
    assert "Gebruik het registratienummer als JJJJ/NNNNNN" in page
    assert "Schrijf de kernboodschap." in page
    assert "Geef minstens één besluitpunt." in page
    assert "Bewaard &amp; &lt;veilig&gt;" in page  # nothing typed is lost
    assert latest_request() is None
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0


def test_the_overview_log_holds_only_its_subject_and_no_one_s_account(
    client, login_as, submitted, current
):
    """The extension's Excel overview goes to the alderman and into the records: its log
    tells what happened to this tender's lots, contracts and steering, nothing about other
    tenders and nothing about user accounts, roles, tokens or logins."""
    login_as(Role.ALDERMAN)
    book = load_workbook(BytesIO(download(client, submitted, DocumentKind.EXCEL_OVERVIEW).data))
    cells = [
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    ]
    emails = db.session.scalars(db.select(User.email)).all()
    assert emails and not [cell for cell in cells if any(email in cell for email in emails)]
    log = book["Logboek"]
    objects = {row[3].value for row in log.iter_rows(min_row=2)}
    assert "Raamcontract" in objects  # the running contract's creation is its subject
    assert not objects & {"Gebruiker", "Doelgroep", "Prestatie-indicator", "Eis (bibliotheek)"}
    changes = " ".join(str(row[4].value) for row in log.iter_rows(min_row=2))
    assert "Statushouders" not in changes  # a lot of another tender
    ocds = client.get(f"/api/v1/tenders/{current.lot.tender_id}/ocds").text
    assert not [email for email in emails if email in ocds]
