"""Requests read through the models of app/api/schemas.py; what they refuse becomes a 400 with
a Dutch message per field, the field named by its path (`lots[0].annual_value_eur`)."""

import json
from typing import Any, TypeVar

from flask import request
from pydantic import ValidationError

from app.api.fields import PATTERN_MESSAGES, Request
from app.core.errors import ValidationFailed

R = TypeVar("R", bound=Request)

VERSION_MISSING = "Geef de versie mee die u het laatst las (veld version)."
WHOLE_NUMBER = "Geef een geheel getal."
DATE = "Geef een datum als JJJJ-MM-DD."
NUMBER = 'Geef een getal, bijvoorbeeld "12" of "12.50".'

# By pydantic's error type; {name} is filled from the error's context.
MESSAGES = {
    "missing": "Vul dit veld in.",
    "extra_forbidden": "Onbekend veld.",
    "string_type": "Geef een tekst.",
    "string_too_short": "Vul dit veld in.",
    "string_too_long": "Gebruik hoogstens {max_length} tekens.",
    "int_type": WHOLE_NUMBER,
    "int_parsing": WHOLE_NUMBER,
    "int_from_float": WHOLE_NUMBER,
    "bool_type": "Geef true of false.",
    "bool_parsing": "Geef true of false.",
    "date_type": DATE,
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "decimal_type": NUMBER,
    "decimal_parsing": NUMBER,
    "finite_number": NUMBER,
    "decimal_max_places": "Gebruik hoogstens {decimal_places} decimalen.",
    "decimal_max_digits": "Dat getal is te groot.",
    "decimal_whole_digits": "Dat getal is te groot.",
    "greater_than_equal": "Geef {ge} of meer.",
    "less_than_equal": "Geef {le} of minder.",
    "list_type": "Geef een lijst.",
    "too_short": "Geef er minstens {min_length}.",
    "too_long": "Geef er hoogstens {max_length}.",
    "model_type": "Geef een object.",
    "model_attributes_type": "Geef een object.",
    "dict_type": "Geef een object.",
    "literal_error": "Kies een van: {choices}.",
}
BODY_MESSAGES = {"json_invalid": "Ongeldige JSON.", "model_type": "Geef een JSON-object."}


def field_path(location: tuple) -> str:
    """('lots', 0, 'annual_value_eur') → 'lots[0].annual_value_eur'; () → 'body'."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "body"


def dutch_message(error: dict[str, Any], where: str = "body") -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if not error["loc"] and kind in BODY_MESSAGES:
        return BODY_MESSAGES[kind]
    if kind == "missing" and error["loc"][-1:] == ("version",):
        return VERSION_MISSING
    if kind == "extra_forbidden" and where == "query":
        return "Onbekende parameter."
    if kind == "value_error":  # our own validators raise ValueError with a Dutch message
        return str(context["error"])
    if kind == "string_pattern_mismatch":
        return PATTERN_MESSAGES.get(context["pattern"], "Dat heeft niet de juiste vorm.")
    if kind == "literal_error":
        context = {"choices": context["expected"].replace(" or ", ", ")}
    return MESSAGES.get(kind, "Deze waarde klopt niet.").format(**context)


def refused(model: type[Request], error: ValidationError, where: str = "body") -> ValidationFailed:
    fields: dict[str, list[str]] = {}
    for detail in error.errors(include_url=False):
        path = field_path(detail["loc"])
        if where == "query" and path == "body":
            path = "query"
        fields.setdefault(path, []).append(dutch_message(detail, where))
    return ValidationFailed(model.refusal, fields)


def read_body(model: type[R], context: dict | None = None, *, required: bool = True) -> R:
    """The request's JSON body as `model`, or a 400 with every field error. An optional body
    left out reads as an empty object."""
    if not request.get_data() and not required:
        body = {}
    else:
        body = request.get_json(silent=True)  # app/security.py: NUL, depth and digits bounded
        if body is None:
            raise ValidationFailed(
                "De inhoud is geen geldig JSON-object.", {"body": ["Ongeldige JSON."]}
            )
    try:
        # Validated as JSON, where a date is a string; in Python's strict mode it would not be.
        return model.model_validate_json(json.dumps(body), context=context)
    except ValidationError as error:
        raise refused(model, error) from None


def read_query(model: type[R]) -> R:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise refused(model, error, where="query") from None
