"""The supplier screen: register a supplier without a bid, correct it, see its contracts."""

from app.auth.models import Role
from app.contracts.models import Supplier
from app.extensions import db
from tests.conftest import contract, counted_queries, post_form, shown_text

NEW = {
    "name": "Werkfit Kennemerland B.V.",
    "kvk_number": "34 12 34 56",
    "contact_name": "Sanne de Vries",
    "contact_email": "S.deVries@werkfit.example",
    "contact_phone": "023 511 5115",
    "description": "Jobcoaching voor 50-plussers",
}


def supplier_named(name: str) -> Supplier | None:
    return db.session.scalar(db.select(Supplier).filter_by(name=name))


def test_an_adviser_registers_a_supplier_and_finds_it_in_the_list(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    response = post_form(client, "/aanbieders/nieuw", NEW)
    assert response.status_code == 302
    supplier = supplier_named("Werkfit Kennemerland B.V.")
    assert supplier.kvk_number == "34123456"  # written with spaces, kept as its 8 digits
    assert supplier.contact_email == "s.devries@werkfit.example"
    page = shown_text(client.get(response.headers["Location"]).text)
    assert "34123456" in page and "Sanne de Vries" in page
    assert "heeft (nog) geen raamcontract als opdrachtnemer" in page
    listing = shown_text(client.get("/aanbieders/").text)
    assert "Werkfit Kennemerland B.V. 34123456 Sanne de Vries 0" in listing


def test_bad_supplier_data_gets_every_dutch_message_at_once_and_saves_nothing(client, login_as):
    login_as(Role.CONTRACT_MANAGER)
    bad = NEW | {"name": "", "kvk_number": "3412345", "contact_email": "geen-adres"}
    response = post_form(client, "/aanbieders/nieuw", bad)
    assert response.status_code == 200
    page = response.text
    assert "Vul de naam van de aanbieder in." in page
    assert "Een KvK-nummer bestaat uit 8 cijfers, bijvoorbeeld 34123456." in page
    assert "Dit is geen geldig e-mailadres." in page
    assert 'value="Sanne de Vries"' in page  # what was typed stays
    assert db.session.scalar(db.select(db.func.count(Supplier.id))) == 0
    zeros = post_form(client, "/aanbieders/nieuw", NEW | {"kvk_number": "00000000"})
    assert "00000000 is geen KvK-nummer." in zeros.text


def test_a_name_or_kvk_number_already_registered_is_refused_with_the_other_supplier(
    client, login_as
):
    login_as(Role.PROCUREMENT_ADVISER)
    post_form(client, "/aanbieders/nieuw", NEW)
    again = post_form(client, "/aanbieders/nieuw", NEW | {"kvk_number": ""})
    assert "Deze naam hoort al bij aanbieder Werkfit Kennemerland B.V." in again.text
    other = post_form(client, "/aanbieders/nieuw", NEW | {"name": "Ander bureau"})
    assert "Dit KvK-nummer hoort al bij aanbieder Werkfit Kennemerland B.V." in other.text
    assert db.session.scalar(db.select(db.func.count(Supplier.id))) == 1


def test_a_supplier_page_lists_its_contracts_and_edits_are_in_its_history(
    client, login_as, haarlem
):
    pasmatch = contract("2017/532748-IB")
    supplier = pasmatch.supplier
    login_as(Role.CONTRACT_MANAGER)
    page = shown_text(client.get(f"/aanbieders/{supplier.id}").text)
    assert "2017/532748-IB" in page
    contract_page = client.get(f"/contracten/{pasmatch.id}").text
    assert f'href="/aanbieders/{supplier.id}"' in contract_page
    url = f"/aanbieders/{supplier.id}/bewerken"
    response = post_form(
        client, url, {"name": supplier.name, "kvk_number": "34999999", "version": supplier.version}
    )
    assert response.status_code == 302
    page = shown_text(client.get(f"/aanbieders/{supplier.id}").text)
    assert "KvK-nummer 34999999" in page
    assert "34999999" in page.split("Geschiedenis")[1]  # the change, in the history


def test_nog_te_contracteren_is_printed_once_and_has_no_supplier_page(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    draft = contract("2017/532748-2")
    row = next(
        line for line in client.get("/contracten/").text.split("<tr>") if "2017/532748-2<" in line
    )
    assert shown_text(row).lower().count("nog te contracteren") == 1
    assert client.get(f"/aanbieders/{draft.supplier_id}").status_code == 404
    assert "Nog te contracteren" not in client.get("/aanbieders/").text


def test_a_long_history_comes_a_page_at_a_time_and_the_page_reads_no_more_for_it(client, login_as):
    login_as(Role.CONTRACT_MANAGER)
    post_form(client, "/aanbieders/nieuw", NEW)
    supplier = supplier_named(NEW["name"])
    url = f"/aanbieders/{supplier.id}"

    def edit(times: int) -> None:
        for _ in range(times):
            db.session.refresh(supplier)
            phone = f"023 511 {5000 + supplier.version:04d}"
            fields = NEW | {"contact_phone": phone, "version": supplier.version}
            assert post_form(client, f"{url}/bewerken", fields).status_code == 302

    def statements_of_page() -> int:
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    edit(2)
    short = statements_of_page()
    edit(12)  # 1 registration + 14 edits
    assert statements_of_page() == short  # the page reads ten changes however many there are
    page = shown_text(client.get(url).text)
    history = page.split("Geschiedenis")[1]
    assert "(15 wijzigingen)" in history
    assert "Wijziging 1 tot en met 10, de nieuwste eerst." in history
    assert "023 511 5013 → 023 511 5014" in history and "023 511 5003" not in history

    older = client.get(f"{url}?geschiedenis=2")
    assert '<details class="history" open>' in older.text  # asked for: shown unfolded
    history = shown_text(older.text).split("Geschiedenis")[1]
    assert "Wijziging 11 tot en met 15" in history
    assert "023 511 5003 → 023 511 5004" in history and "aangemaakt" in history
    assert "023 511 5014" not in history
    for bad in ("nul", "-3", "0"):  # whatever is typed: the newest changes
        assert "Wijziging 1 tot en met 10" in client.get(f"{url}?geschiedenis={bad}").text
    far = shown_text(client.get(f"{url}?geschiedenis=9").text)
    assert "Zo ver gaat de geschiedenis niet terug." in far
