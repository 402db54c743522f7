"""The requirement library (admin) and the adviser's copies in a lot."""

from app.auth.models import Role
from app.extensions import db
from app.tenders.models import Lot
from app.tenders.requirement_models import LotRequirement, Requirement
from tests.conftest import post_form
from tests.factories import haarlem_tender, target_group


def test_seeded_lots_hold_copies_of_their_target_groups_requirements(haarlem):
    statushouders = db.session.scalar(db.select(Lot).filter_by(title="Statushouders"))
    codes = {
        db.session.get(Requirement, copy.library_requirement_id).code
        for copy in statushouders.requirements
    }
    assert {"STA-01", "STA-02", "STA-03", "ALG-01", "RAP-01", "PRI-01"} <= codes
    assert not any(code.startswith(("VIJ", "EXG", "ZZP")) for code in codes)
    assert sum(c.weight_percent for c in statushouders.award_criteria) == 100


def test_admin_adds_a_requirement_for_a_target_group(client, login_as):
    group = target_group("zzp", "Zelfstandigen (zzp)")
    db.session.commit()
    login_as(Role.ADMIN)
    response = post_form(
        client,
        "/beheer/eisen/nieuw",
        {
            "text": "Coaching van parttime ondernemers & <starters>",
            "kind": "award",
            "category": "target_group",
            "target_group_ids": [group.id],
            "source": "test",
            "active": "y",
        },
    )
    assert response.status_code == 302
    requirement = db.session.scalar(db.select(Requirement))
    assert requirement.code == "GUN-001"
    assert [g.code for g in requirement.target_groups] == ["zzp"]
    page = client.get("/beheer/eisen/").text
    assert "Coaching van parttime ondernemers &amp; &lt;starters&gt;" in page


def test_empty_text_and_duplicate_code_are_refused(client, login_as):
    login_as(Role.ADMIN)
    empty = post_form(
        client,
        "/beheer/eisen/nieuw",
        {"text": "  ", "kind": "wish", "category": "general", "active": "y"},
    )
    assert "Vul de tekst van de eis in." in empty.text
    post_form(
        client,
        "/beheer/eisen/nieuw",
        {"code": "X-1", "text": "Eén", "kind": "wish", "category": "general", "active": "y"},
    )
    duplicate = post_form(
        client,
        "/beheer/eisen/nieuw",
        {"code": "X-1", "text": "Twee", "kind": "wish", "category": "general"},
    )
    assert "Er bestaat al een eis met code X-1." in duplicate.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Requirement)) == 1


def test_adviser_copies_edits_and_removes_and_the_library_stays(client, login_as, lot):
    general = Requirement(
        code="ALG-01", text="Bibliotheektekst", kind="knockout", category="general"
    )
    other_group = target_group("zzp", "Zzp")
    elsewhere = Requirement(
        code="ZZP-01",
        text="Alleen zzp",
        kind="knockout",
        category="target_group",
        target_groups=[other_group],
    )
    db.session.add_all([general, elsewhere])
    db.session.commit()
    base = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}"
    page = client.get(f"{base}/eisen").text
    assert "Bibliotheektekst" in page and "Alleen zzp" not in page  # other target group
    response = post_form(client, f"{base}/eisen", {"requirement_ids": [general.id]})
    assert response.status_code == 302
    copy = db.session.scalar(db.select(LotRequirement))
    assert (copy.text, copy.library_requirement_id) == ("Bibliotheektekst", general.id)

    edited = post_form(
        client,
        f"{base}/eisen/{copy.id}",
        {
            "text": "Aangepaste tekst voor dit perceel",
            "kind": "knockout",
            "category": "general",
            "version": copy.version,
        },
    )
    assert edited.status_code == 302
    db.session.refresh(general)
    assert general.text == "Bibliotheektekst"

    login_as(Role.ADMIN)
    post_form(
        client,
        f"/beheer/eisen/{general.id}",
        {
            "text": "Nieuwe bibliotheektekst",
            "kind": "knockout",
            "category": "general",
            "version": general.version,
            "active": "y",
        },
    )
    db.session.refresh(copy)
    assert copy.text == "Aangepaste tekst voor dit perceel"  # library edits never reach a lot
    db.session.refresh(general)
    assert general.text == "Nieuwe bibliotheektekst"


def test_removing_a_copy(client, lot):
    requirement = Requirement(code="ALG-01", text="Tekst", kind="wish", category="general")
    db.session.add(requirement)
    db.session.commit()
    base = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}"
    post_form(client, f"{base}/eisen", {"requirement_ids": [requirement.id]})
    copy = db.session.scalar(db.select(LotRequirement))
    response = post_form(client, f"{base}/eisen/{copy.id}/verwijderen", {}, form_page=base)
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(LotRequirement)) == 0


def test_choosing_nothing_is_refused(client, lot):
    db.session.add(Requirement(code="ALG-01", text="Tekst", kind="wish", category="general"))
    db.session.commit()
    response = post_form(client, f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/eisen", {})
    assert "Kies minstens één eis." in response.text


def test_frozen_tender_keeps_its_requirements(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    copy = tender.lots[0].requirements[0]
    url = f"/inkooptrajecten/{tender.id}/percelen/{tender.lots[0].id}/eisen/{copy.id}"
    response = post_form(
        client,
        url,
        {
            "text": "Stiekem gewijzigd",
            "kind": "wish",
            "category": "general",
            "version": copy.version,
        },
    )
    assert "Dit inkooptraject is gegund" in response.text
    db.session.refresh(copy)
    assert copy.text != "Stiekem gewijzigd"
