"""The open-data export validates offline against OCDS 1.1.5 with the six extensions."""

import csv
import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from app.auth.models import Role
from app.core.dates import local_today, term_end
from app.documents.models import Document, DocumentKind
from app.extensions import db
from app.steering.models import KpiDefinition, KpiResult, MomentStatus, Rating
from app.tenders.models import Tender
from tests.conftest import post_form
from tests.factories import bearer, propose

OCDS = Path(__file__).resolve().parents[1] / "ocds"  # the schema, kept in the repository
EXTENSIONS = ("lots", "renewal", "options", "techniques", "awardCriteria", "metrics")


def merge_patch(target, patch):
    """RFC 7386: objects merge recursively, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@pytest.fixture(scope="module")
def release_schema() -> dict:
    schema = json.loads((OCDS / "release-schema.json").read_text())
    for name in EXTENSIONS:
        schema = merge_patch(
            schema, json.loads((OCDS / "extensions" / name / "release-schema.json").read_text())
        )
    return schema


def codes(path: str) -> set[str]:
    with (OCDS / path).open() as file:
        return {row["Code"] for row in csv.DictReader(file)}


def codelist_errors(release: dict) -> list[str]:
    """Closed codelists the schema does not enforce with an enum."""
    tender = release["tender"]
    milestones = tender.get("milestones", []) + [
        m for c in release.get("contracts", []) for m in c["implementation"].get("milestones", [])
    ]
    checks = [
        ("codelists/tenderStatus.csv", [tender["status"]]),
        (
            "codelists/method.csv",
            [tender["procurementMethod"]] if "procurementMethod" in tender else [],
        ),
        ("codelists/procurementCategory.csv", [tender["mainProcurementCategory"]]),
        ("codelists/awardStatus.csv", [a["status"] for a in release.get("awards", [])]),
        ("codelists/contractStatus.csv", [c["status"] for c in release.get("contracts", [])]),
        ("codelists/milestoneStatus.csv", [m["status"] for m in milestones]),
        ("codelists/milestoneType.csv", [m["type"] for m in milestones]),
        (
            "extensions/awardCriteria/codelists/awardCriterionType.csv",
            [
                c["type"]
                for lot in tender["lots"]
                for c in lot.get("awardCriteria", {}).get("criteria", [])
            ],
        ),
        (
            "extensions/techniques/codelists/frameworkAgreementMethod.csv",
            [lot["techniques"]["frameworkAgreement"]["method"] for lot in tender["lots"]],
        ),
    ]
    return [
        f"{value} not in {path}"
        for path, values in checks
        for value in values
        if value not in codes(path)
    ]


def validate_package(package: dict, release_schema: dict) -> list[str]:
    envelope = json.loads((OCDS / "release-package-schema.json").read_text())
    envelope["properties"]["releases"]["items"] = {"type": "object"}  # checked one by one below
    errors = [error.message for error in Draft4Validator(envelope).iter_errors(package)]
    for release in package["releases"]:
        errors += [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in Draft4Validator(release_schema).iter_errors(release)
        ]
        errors += codelist_errors(release)
    return errors


@pytest.fixture
def steered(client, login_as, current):
    """The follow-up Pasmatch contract with one logged moment and an extension request."""
    moment = current.steering_moments[0]
    moment.status, moment.held_on, moment.findings = (
        MomentStatus.NOT_MET,
        moment.period_end_on + timedelta(days=9),
        "Achter",
    )
    kpi = db.session.scalar(db.select(KpiDefinition).filter_by(code="started"))
    db.session.add(
        KpiResult(
            steering_moment=moment,
            kpi_definition_id=kpi.id,
            value=Decimal("90"),
            target_value=Decimal("120"),
            rating=Rating.RED,
        )
    )
    db.session.commit()
    login_as(Role.CONTRACT_MANAGER)
    propose(client, "extension", current.options[0].id, rationale="Goed genoeg")
    client.delete_cookie("session")
    return current


def test_the_haarlem_tender_exports_a_valid_release_package(client, release_schema, steered):
    headers = bearer(Role.ALDERMAN)
    pasmatch = db.session.scalar(db.select(Tender).filter_by(title="Inkoop Pasmatch 2018–2019"))
    response = client.get(f"/api/v1/tenders/{pasmatch.id}/ocds", headers=headers)
    assert response.status_code == 200
    package = response.get_json()
    assert validate_package(package, release_schema) == []
    release = package["releases"][0]
    assert release["ocid"] == f"ocds-regie00-{pasmatch.id}"
    assert release["planning"]["budget"]["amount"] == {"amount": 1827301.14, "currency": "EUR"}
    lot = release["tender"]["lots"][0]
    assert lot["renewal"]["maximumRenewals"] == 2 and lot["hasOptions"] is True
    assert lot["techniques"]["hasFrameworkAgreement"] is True
    assert lot["contractPeriod"]["maxExtentDate"].startswith("2021-12-31")
    assert [m["type"] for m in release["tender"]["milestones"]] == ["approval"]
    assert release["tender"]["milestones"][0]["status"] == "scheduled"
    follow_up = next(c for c in release["contracts"] if "2026/000001-1" in c["title"])
    start = steered.start_on
    assert follow_up["period"] == {
        "startDate": f"{start.isoformat()}T00:00:00Z",
        "endDate": f"{term_end(start, 24).isoformat()}T00:00:00Z",
        "maxExtentDate": f"{term_end(start, 48).isoformat()}T00:00:00Z",  # two options of a year
    }
    moments = follow_up["implementation"]["milestones"]
    assert moments[0]["status"] == "notMet" and moments[0]["type"] == "reporting"
    assert {m["status"] for m in moments[1:]} == {"scheduled"}
    [metric] = follow_up["implementation"]["metrics"]
    assert metric["id"] == "started"
    assert metric["observations"][0]["measure"] == 90.0
    assert metric["observations"][0]["relatedImplementationMilestone"]["id"] == moments[0]["id"]


def test_all_releases_validate_and_need_a_login(client, release_schema, steered):
    assert client.get("/api/v1/ocds/releases").status_code == 401
    package = client.get("/api/v1/ocds/releases", headers=bearer(Role.ALDERMAN)).get_json()
    assert len(package["releases"]) == db.session.scalar(db.select(db.func.count(Tender.id)))
    assert validate_package(package, release_schema) == []
    ocids = [release["ocid"] for release in package["releases"]]
    assert len(set(ocids)) == len(ocids)
    scheme = {
        lot["awardCriteria"]["criteria"][0]["numbers"][0]["weight"]
        for r in package["releases"]
        for lot in r["tender"]["lots"]
        if "awardCriteria" in lot
    }
    assert scheme == {"percentageExact"}


def test_the_offline_validation_catches_what_ocds_forbids(client, release_schema, steered):
    package = client.get("/api/v1/ocds/releases", headers=bearer(Role.ALDERMAN)).get_json()
    release = package["releases"][0]
    del release["ocid"]
    release["tender"]["lots"][0]["renewal"]["maximumRenewals"] = "twee"
    release["tender"]["status"] = "vastgesteld"
    errors = validate_package(package, release_schema)
    assert ": 'ocid' is a required property" in errors
    assert any("maximumRenewals" in error for error in errors)
    assert "vastgesteld not in codelists/tenderStatus.csv" in errors


def test_exports_are_made_on_the_tender_page_and_kept_as_versions(
    client, login_as, haarlem, release_schema
):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = db.session.scalar(db.select(Tender).filter_by(reference="2017/532748"))
    page = f"/inkooptrajecten/{tender.id}"
    buttons = client.get(page).text
    for kind, button in [("excel_overview", "Excel-overzicht maken"), ("ocds", "OCDS) maken")]:
        assert f"{page}/exporten/{kind}" in buttons and button in buttons
    for kind, message in [
        ("ocds", "De open data (OCDS) zijn gemaakt."),
        ("excel_overview", "Het Excel-overzicht wordt gemaakt."),  # a job (tests/test_jobs.py)
    ]:
        made = post_form(
            client, f"{page}/exporten/{kind}", {}, form_page=page, follow_redirects=True
        )
        assert message in made.text
    stamp = local_today().isoformat()
    listed = client.get(page).text
    assert f"OCDS 2017-532748 {stamp}.json" in listed
    assert f"Overzicht 2017-532748 {stamp}.xlsx" in listed
    stored = db.session.scalar(db.select(Document).filter_by(kind=DocumentKind.OCDS))
    download = client.get(f"/documenten/{stored.id}")
    assert download.headers["Content-Disposition"].endswith(f'OCDS 2017-532748 {stamp}.json"')
    package = json.loads(download.data)
    assert validate_package(package, release_schema) == []
    assert package["releases"][0]["tender"]["id"] == "2017/532748"
    assert client.post(f"{page}/exporten/onbekend").status_code in (400, 404)
