"""The OpenAPI 3.1 document of /api/v1, generated: each view declares its operation (what it
reads and what it answers, as models of app/api/schemas.py) with `@operation`, which also reads
and validates the request; the paths come from the URL map."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api.fields import Request
from app.api.schemas import Error
from app.api.validation import read_body, read_query

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DESCRIPTIONS = {
    200: "OK",
    201: "Aangemaakt",
    202: "Ter goedkeuring voorgelegd",
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Bestaat niet",
}
REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    summary: str
    answers: dict[int, type[BaseModel] | str]  # a model, or the media type of a file
    body: type[Request] | None = None
    body_required: bool = True
    query: type[Request] | None = None
    problems: dict[int, str] = field(default_factory=dict)  # further statuses and their cause


def operation(
    summary: str,
    answers: dict[int, type[BaseModel] | str],
    *,
    body: type[Request] | None = None,
    body_required: bool = True,
    body_context: Callable[[], dict] | None = None,
    query: type[Request] | None = None,
    problems: dict[int, str] | None = None,
):
    """Declare an API view's operation. The view receives the validated `body` and `query`
    as keyword arguments; what they refuse is a 400 with Dutch field errors."""
    declared = Operation(summary, answers, body, body_required, query, problems or {})

    def declare(view):
        @wraps(view)
        def validated(**arguments):
            if body is not None:
                context = body_context() if body_context else None
                arguments["body"] = read_body(body, context, required=body_required)
            if query is not None:
                arguments["query"] = read_query(query)
            return view(**arguments)

        validated.api_operation = declared
        return validated

    return declare


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _answer(status: int, answer: type[BaseModel] | str) -> dict:
    if isinstance(answer, str):
        schema = {"type": "string", "format": "binary"}
        return {"description": "Het bestand", "content": {answer: {"schema": schema}}}
    return _json(_ref(answer), DESCRIPTIONS[status])


def _describe(declared: Operation, path_parameters: list[str]) -> dict:
    described: dict = {"summary": declared.summary, "parameters": []}
    for name in path_parameters:
        schema = {"type": "integer", "minimum": 1}
        described["parameters"].append(
            {"name": name, "in": "path", "required": True, "schema": schema}
        )
    if declared.query is not None:
        schema = declared.query.model_json_schema()
        for name, property_schema in schema["properties"].items():
            described["parameters"].append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in schema.get("required", []),
                    "schema": property_schema,
                }
            )
    if declared.body is not None:
        described["requestBody"] = {
            "required": declared.body_required,
            "content": {"application/json": {"schema": _ref(declared.body)}},
        }
    statuses = [400, 401, 403] + ([404] if path_parameters else [])
    described["responses"] = {
        **{str(status): _answer(status, answer) for status, answer in declared.answers.items()},
        **{str(status): _json(_ref(Error), DESCRIPTIONS[status]) for status in statuses},
        **{str(status): _json(_ref(Error), why) for status, why in declared.problems.items()},
    }
    return described


def openapi_document(app: Flask, prefix: str = "/api/v1") -> dict:
    """Generated once per application."""
    if "regie_openapi" in app.extensions:
        return app.extensions["regie_openapi"]
    paths: dict[str, dict] = {}
    models: set[type[BaseModel]] = {Error}
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        declared = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if declared is None:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(prefix))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _describe(declared, list(rule.arguments))
        models |= {answer for answer in declared.answers.values() if not isinstance(answer, str)}
        models |= {declared.body} if declared.body else set()
    modes = [
        (model, "validation" if issubclass(model, Request) else "serialization")
        for model in sorted(models, key=lambda model: model.__name__)
    ]
    _, schemas = models_json_schema(modes, ref_template=REF)
    app.extensions["regie_openapi"] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Regie API",
            "version": "1.0.0",
            "description": "Inkoop en sturing van re-integratiedienstverlening. Bedragen zijn "
            "strings met twee decimalen, datums ISO 8601.",
        },
        "servers": [{"url": prefix}],
        "components": {
            "schemas": schemas["$defs"],
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
    }
    return app.extensions["regie_openapi"]
