"""The OpenAPI 3 description of /api/v1, kept beside the views it describes."""

from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1827301.14"}
NULLABLE_MONEY = {**MONEY, "nullable": True}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {**DATE, "nullable": True}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json(_ref("Error"), "Ongeldige invoer"),
    "401": _json(_ref("Error"), "Niet ingelogd"),
    "403": _json(_ref("Error"), "Geen toegang"),
}
NOT_FOUND = {"404": _json(_ref("Error"), "Bestaat niet")}
ID_PARAM = {"in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}

SCHEMAS = {
    # The package's own schema is OCDS's (release-package-schema.json); this names its frame.
    "ReleasePackage": {
        "type": "object",
        "required": ["uri", "version", "publishedDate", "publisher", "releases"],
        "properties": {
            "uri": {"type": "string"},
            "version": {"type": "string", "enum": ["1.1"]},
            "publishedDate": {"type": "string", "format": "date-time"},
            "publisher": {"type": "object"},
            "extensions": {"type": "array", "items": {"type": "string"}},
            "releases": {"type": "array", "items": {"type": "object"}},
            "links": {"type": "object", "properties": {"next": {"type": "string"}}},
        },
    },
    "Error": _obj(
        {
            "error": _obj(
                {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "request_id": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
                ["code", "message"],
            )
        }
    ),
    "Lot": _obj(
        {
            "id": {"type": "integer"},
            "number": {"type": "integer"},
            "title": {"type": "string"},
            "target_group": _obj({"code": {"type": "string"}, "name": {"type": "string"}}),
            "budget_per_year_eur": {**NULLABLE_MONEY, "description": "null: nog te bepalen (ntb)"},
            "planned_count": {"type": "integer", "nullable": True},
            "unit_price_eur": NULLABLE_MONEY,
            "cpv": {"type": "string", "nullable": True},
            "initial_months": {"type": "integer"},
            "option_months": {"type": "array", "items": {"type": "integer"}},
            "notice_months": {"type": "integer"},
        }
    ),
    "Tender": _obj(
        {
            "id": {"type": "integer"},
            "reference": {"type": "string"},
            "title": {"type": "string"},
            "route": {"type": "string", "enum": ["tender", "in_house", "referral"]},
            "status": {
                "type": "string",
                "enum": ["draft", "in_review", "adopted", "published", "awarded", "withdrawn"],
            },
            "municipality": {"type": "string"},
            "publication_on": NULLABLE_DATE,
            "closing_on": NULLABLE_DATE,
            "contract_start_on": NULLABLE_DATE,
            "lots": {"type": "array", "items": _ref("Lot")},
        }
    ),
    "TenderInput": {
        "type": "object",
        "additionalProperties": False,
        "required": ["reference", "title", "route"],
        "properties": {
            "reference": {"type": "string", "pattern": r"^\d{4}/\d{6}$"},
            "title": {"type": "string", "minLength": 1, "maxLength": 300},
            "route": {"type": "string", "enum": ["tender", "in_house", "referral"]},
            "description": {"type": "string", "maxLength": 20000},
            "publication_on": NULLABLE_DATE,
            "closing_on": NULLABLE_DATE,
            "contract_start_on": NULLABLE_DATE,
        },
    },
    "BudgetOverview": _obj(
        {
            "year": {"type": "integer"},
            "lines": {
                "type": "array",
                "items": _obj(
                    {
                        "label": {"type": "string"},
                        "amount_eur": NULLABLE_MONEY,
                        "lot_id": {"type": "integer"},
                    }
                ),
            },
            "total_eur": MONEY,
        }
    ),
    "SteeringMoment": _obj(
        {
            "id": {"type": "integer"},
            "sequence": {"type": "integer"},
            "period_start_on": DATE,
            "period_end_on": DATE,
            "due_on": DATE,
            "status": {"type": "string", "enum": ["scheduled", "met", "partially_met", "not_met"]},
            "version": {"type": "integer"},
            "held_on": NULLABLE_DATE,
            "findings": {"type": "string"},
            "decision": {"type": "string", "nullable": True},
            "kpi_results": {
                "type": "array",
                "items": _obj(
                    {
                        "kpi": {"type": "string"},
                        "value": {"type": "string"},
                        "target": {"type": "string", "nullable": True},
                        "rating": {
                            "type": "string",
                            "enum": ["green", "amber", "red"],
                            "nullable": True,
                        },
                        "note": {"type": "string"},
                    }
                ),
            },
            "actions": {
                "type": "array",
                "items": _obj(
                    {
                        "text": {"type": "string"},
                        "owner": {"type": "string"},
                        "due_on": DATE,
                        "status": {"type": "string"},
                    }
                ),
            },
        }
    ),
    "Contract": _obj(
        {
            "id": {"type": "integer"},
            "reference": {"type": "string"},
            "status": {
                "type": "string",
                "enum": ["draft", "active", "extended", "terminated", "expired"],
            },
            "supplier": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
            "subcontractors": {
                "type": "array",
                "items": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
            },
            "lot_id": {"type": "integer"},
            "start_on": DATE,
            "signed_on": NULLABLE_DATE,
            "initial_end_on": DATE,
            "current_end_on": DATE,
            "latest_end_on": DATE,
            "ceiling_eur": NULLABLE_MONEY,
            "options": {
                "type": "array",
                "items": _obj(
                    {
                        "number": {"type": "integer"},
                        "months": {"type": "integer"},
                        "notice_deadline_on": DATE,
                        "warning_on": DATE,
                        "status": {
                            "type": "string",
                            "enum": ["open", "exercised", "declined", "lapsed"],
                        },
                    }
                ),
            },
            "steering_moments": {"type": "array", "items": _ref("SteeringMoment")},
            "amendments": {
                "type": "array",
                "items": _obj(
                    {"amended_on": DATE, "rationale": {"type": "string"}, "value_change_eur": MONEY}
                ),
            },
            "spend": {
                "type": "array",
                "items": _obj(
                    {
                        "period_start_on": DATE,
                        "period_end_on": DATE,
                        "amount_eur": MONEY,
                        "trajectories_started": {"type": "integer"},
                    }
                ),
            },
        }
    ),
}

ADVICE_SCHEMAS = {
    "ProcedureAdviceRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["initial_months", "lots"],
        "properties": {
            "authority": {"type": "string", "enum": ["sub-central", "central"]},
            "publication_on": {**DATE, "description": "standaard: vandaag"},
            "initial_months": {"type": "integer", "minimum": 1, "maximum": 600},
            "option_months": {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 600},
            },
            "lots": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["annual_value_eur", "cpv"],
                    "properties": {
                        "annual_value_eur": {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
                        "cpv": {"type": "string", "pattern": r"^\d{8}(-\d)?$"},
                    },
                },
            },
        },
    },
    "ProcedureAdvice": _obj(
        {
            "estimated_value_eur": MONEY,
            "regime": {"type": "string", "enum": ["light", "standard"]},
            "threshold_eur": MONEY,
            "above_threshold": {"type": "boolean"},
            "procedure": {
                "type": "string",
                "enum": [
                    "enkelvoudig_onderhands",
                    "meervoudig_onderhands",
                    "europees_openbaar",
                    "europees_verlicht_regime",
                ],
            },
            "thresholds_valid_from": DATE,
            "warnings": {
                "type": "array",
                "items": _obj({"code": {"type": "string"}, "message": {"type": "string"}}),
            },
        }
    ),
}
SCHEMAS |= ADVICE_SCHEMAS
SCHEMAS |= {
    "SteeringMomentInput": {
        "type": "object",
        "additionalProperties": False,
        "required": ["results", "version"],
        "properties": {
            "held_on": DATE,
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kpi", "value"],
                    "properties": {
                        "kpi": {"type": "string"},
                        "value": {"type": "string"},
                        "note": {"type": "string"},
                    },
                },
            },
            "findings": {"type": "string"},
            "decision": {"type": "string", "nullable": True},
            "significant": {"type": "boolean"},
            "outcome": {"type": "string", "nullable": True},
            "actions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["text", "owner", "due_on"],
                    "properties": {
                        "text": {"type": "string"},
                        "owner": {"type": "string"},
                        "due_on": DATE,
                    },
                },
            },
            "version": {"type": "integer"},
        },
    },
    "OptionDecision": {
        "type": "object",
        "additionalProperties": False,
        "required": ["rationale", "version"],
        "properties": {
            "decided_on": {**DATE, "description": "standaard: vandaag"},
            "rationale": {"type": "string", "minLength": 1},
            "version": {"type": "integer", "description": "versie van het contract dat u zag"},
        },
    },
    "ExtensionRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["rationale", "proposal"],
        "properties": {
            "rationale": {"type": "string", "minLength": 1},
            "proposal": {
                "type": "object",
                "additionalProperties": False,
                "description": "De teksten van het collegevoorstel, zoals op het formulier.",
                "required": [
                    "registration_number",
                    "short_title",
                    "key_message",
                    "decision_points",
                ],
                "properties": {
                    "registration_number": {"type": "string", "example": "2026/123456"},
                    "short_title": {"type": "string"},
                    **{name: {"type": "string"} for name in PROPOSAL_TEXTS},
                    **{
                        name: {"type": "array", "items": {"type": "string"}}
                        for name in PROPOSAL_LISTS
                    },
                },
            },
            "earlier_decisions": {
                "type": "array",
                "items": {"type": "string", "example": "BBV2017/261113"},
            },
        },
    },
    "ApprovalRequest": _obj(
        {
            "id": {"type": "integer"},
            "subject": {
                "type": "string",
                "enum": ["pve", "award", "extension", "steering_decision", "amendment"],
            },
            "status": {
                "type": "string",
                "enum": ["submitted", "approved", "rejected", "withdrawn"],
            },
            "title": {"type": "string"},
            "version": {"type": "integer"},
            "submitted_at": {"type": "string", "format": "date-time"},
            "decided_at": {"type": "string", "format": "date-time", "nullable": True},
            "remark": {"type": "string"},
            "snapshot": {
                "type": "array",
                "items": _obj({"label": {"type": "string"}, "value": {"type": "string"}}),
            },
            "documents": {
                "type": "array",
                "items": _obj(
                    {
                        "id": {"type": "integer"},
                        "kind": {"type": "string"},
                        "filename": {"type": "string"},
                        "url": {"type": "string"},
                    }
                ),
            },
        }
    ),
    "ApprovalDecision": {
        "type": "object",
        "additionalProperties": False,
        "required": ["approve", "version"],
        "properties": {
            "approve": {"type": "boolean"},
            "decided_on": {**DATE, "description": "standaard: vandaag"},
            "remark": {"type": "string", "description": "verplicht bij afwijzen"},
            "version": {"type": "integer"},
        },
    },
    "OptionDecisionResult": _obj(
        {
            "option": _obj({"number": {"type": "integer"}, "status": {"type": "string"}}),
            "contract": _ref("Contract"),
        }
    ),
}

# ?page=&per_page= on every collection (app/api/paging.py).
PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}},
    {"name": "per_page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
]  # fmt: skip
NEXT = {"type": "string", "nullable": True, "description": "de volgende pagina, of null"}


def _page_of(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "next"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 500},
            "total": {"type": "integer", "minimum": 0},
            "next": NEXT,
        },
    }


PATHS = {
    "/tenders": {
        "get": {
            "summary": "De inkooptrajecten met hun percelen, per pagina",
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _json(_page_of(_ref("Tender"))), **ERRORS},
        },
        "post": {
            "summary": "Een inkooptraject aanmaken",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("TenderInput")}},
            },
            "responses": {"201": _json(_ref("Tender"), "Aangemaakt"), **ERRORS},
        },
    },
    "/tenders/{tender_id}": {
        "get": {
            "summary": "Eén inkooptraject",
            "parameters": [{"name": "tender_id", **ID_PARAM}],
            "responses": {"200": _json(_ref("Tender")), **ERRORS, **NOT_FOUND},
        }
    },
    "/procedure-advice": {
        "post": {
            "summary": "Procedure-advies voor een geraamde opdracht (alle percelen, alle opties)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ProcedureAdviceRequest")}},
            },
            "responses": {"200": _json(_ref("ProcedureAdvice")), **ERRORS},
        }
    },
    "/tenders/{tender_id}/procedure-advice": {
        "get": {
            "summary": "Procedure-advies voor een vastgelegd inkooptraject",
            "parameters": [{"name": "tender_id", **ID_PARAM}],
            "responses": {
                "200": _json(_ref("ProcedureAdvice")),
                **ERRORS,
                **NOT_FOUND,
                "422": _json(_ref("Error"), "Nog geen percelen met budget"),
            },
        }
    },
    "/tenders/{tender_id}/pve": {
        "post": {
            "summary": "Een nieuwe versie van het Programma van Eisen maken (Word)",
            "parameters": [{"name": "tender_id", **ID_PARAM}],
            "responses": {
                "201": _json(
                    _obj({"document_id": {"type": "integer"}, "download_url": {"type": "string"}}),
                    "Gemaakt",
                ),
                "422": _json(_ref("Error"), "Nog geen perceel, of het traject is bevroren"),
                **ERRORS,
                **NOT_FOUND,
            },
        }
    },
    "/documents/{document_id}": {
        "get": {
            "summary": "Een gegenereerd document downloaden",
            "parameters": [{"name": "document_id", **ID_PARAM}],
            "responses": {
                "200": {
                    "description": "Het bestand",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                **ERRORS,
                **NOT_FOUND,
            },
        }
    },
    "/contracts/{contract_id}/options/{number}/exercise": {
        "post": {
            "summary": "Het lichten van een optie ter goedkeuring aan de wethouder voorleggen "
            "(vóór de uiterste besluitdatum); met collegevoorstel en Excel-overzicht als bijlagen",
            "parameters": [
                {"name": "contract_id", **ID_PARAM},
                {"name": "number", **ID_PARAM},
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ExtensionRequest")}},
            },
            "responses": {
                "202": _json(_ref("ApprovalRequest"), "Ter goedkeuring voorgelegd"),
                **ERRORS,
                **NOT_FOUND,
                "422": _json(_ref("Error"), "Kan nu niet worden voorgelegd"),
            },
        }
    },
    "/approval-requests/{request_id}": {
        "get": {
            "summary": "Een verzoek ter goedkeuring met zijn vastgelegde inhoud en bijlagen",
            "parameters": [{"name": "request_id", **ID_PARAM}],
            "responses": {"200": _json(_ref("ApprovalRequest")), **ERRORS, **NOT_FOUND},
        }
    },
    "/approval-requests/{request_id}/decision": {
        "post": {
            "summary": "Besluit van de wethouder: goedkeuren (de wijziging gaat in) of afwijzen",
            "parameters": [{"name": "request_id", **ID_PARAM}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ApprovalDecision")}},
            },
            "responses": {
                "200": _json(_ref("ApprovalRequest")),
                **ERRORS,
                **NOT_FOUND,
                "409": _json(_ref("Error"), "Intussen gewijzigd"),
                "422": _json(_ref("Error"), "Al besloten of niet toegestaan"),
            },
        }
    },
    "/contracts/{contract_id}/options/{number}/decline": {
        "post": {
            "summary": "Van een verlengingsoptie afzien; latere opties vervallen",
            "parameters": [
                {"name": "contract_id", **ID_PARAM},
                {"name": "number", **ID_PARAM},
            ],
            "requestBody": {"content": {"application/json": {"schema": _ref("OptionDecision")}}},
            "responses": {
                "200": _json(_ref("OptionDecisionResult")),
                **ERRORS,
                **NOT_FOUND,
                "409": _json(_ref("Error"), "Intussen gewijzigd"),
                "422": _json(_ref("Error"), "Niet mogelijk (geen open optie, termijn verstreken)"),
            },
        }
    },
    "/contracts/{contract_id}/steering-moments/{moment_id}": {
        "post": {
            "summary": "Een bijsturingsmoment vastleggen of corrigeren",
            "parameters": [
                {"name": "contract_id", **ID_PARAM},
                {"name": "moment_id", **ID_PARAM},
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("SteeringMomentInput")}},
            },
            "responses": {
                "200": _json(_ref("Contract")),
                **ERRORS,
                **NOT_FOUND,
                "409": _json(_ref("Error"), "Intussen gewijzigd"),
                "422": _json(_ref("Error"), "Contract niet actief"),
            },
        }
    },
    "/budget-overview": {
        "get": {
            "summary": "Begrote bedragen per budgetregel voor één jaar",
            "parameters": [
                {
                    "name": "year",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
                }
            ],
            "responses": {"200": _json(_ref("BudgetOverview")), **ERRORS},
        }
    },
    "/contracts": {
        "get": {
            "summary": "De raamcontracten, per pagina",
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _json(_page_of(_ref("Contract"))), **ERRORS},
        }
    },
    "/signals": {
        "get": {
            "summary": "Signalering: wat vandaag aandacht vraagt, per soort de urgentste "
            "(per_page per soort), met het totaal per soort",
            "parameters": PAGE_PARAMETERS,
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["count", "totals", "page", "per_page", "next"],
                        "properties": {
                            "count": {"type": "integer", "minimum": 0},
                            "totals": {
                                "type": "object",
                                "additionalProperties": {"type": "integer", "minimum": 0},
                            },
                            "page": {"type": "integer", "minimum": 1},
                            "per_page": {"type": "integer", "minimum": 1, "maximum": 500},
                            "next": NEXT,
                        },
                        "additionalProperties": {"type": "array", "items": {"type": "object"}},
                    }
                ),
                **ERRORS,
            },
        }
    },
    "/tenders/{tender_id}/ocds": {
        "get": {
            "summary": "Open data: het inkooptraject als OCDS 1.1-releasepakket",
            "parameters": [{"name": "tender_id", **ID_PARAM}],
            "responses": {"200": _json(_ref("ReleasePackage")), **ERRORS, **NOT_FOUND},
        }
    },
    "/ocds/releases": {
        "get": {
            "summary": "Open data: de inkooptrajecten als OCDS 1.1-releasepakket, per pagina "
            "(de volgende in links.next)",
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _json(_ref("ReleasePackage")), **ERRORS},
        }
    },
    "/contracts/{contract_id}": {
        "get": {
            "summary": "Eén raamcontract met opties en bijsturingsmomenten",
            "parameters": [{"name": "contract_id", **ID_PARAM}],
            "responses": {"200": _json(_ref("Contract")), **ERRORS, **NOT_FOUND},
        }
    },
}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Regie API",
            "version": "1.0.0",
            "description": "Inkoop en sturing van re-integratiedienstverlening. Bedragen zijn "
            "strings met twee decimalen, datums ISO 8601.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": PATHS,
    }
