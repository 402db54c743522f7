"""The supplier screen: register a supplier without a bid, correct it, see its contracts."""

from app.auth.models import Role
from app.contracts.models import Supplier
from app.extensions import db
from tests.conftest import contract, post_form, shown_text

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
