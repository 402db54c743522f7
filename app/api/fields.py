"""The building blocks of the API's models (app/api/inputs.py for requests,
app/api/schemas.py for responses): money, figures, dates, and the Dutch message of a pattern."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from app.core.dates import as_utc
from app.forms import MAX_MONEY

# Dutch messages for the patterns below, by pattern (app/api/validation.py reads them).
PATTERN_MESSAGES: dict[str, str] = {}


def Pattern(regex: str, message: str, example: str):
    """A text that must match `regex`; a mismatch is refused with `message`."""
    PATTERN_MESSAGES[regex] = message
    return Annotated[str, Field(pattern=regex, examples=[example])]


def values_of(enum) -> Any:
    """An enum's codes as a Literal type: the API speaks codes, the pages labels."""
    return Literal[tuple(member.value for member in enum)]


# Money goes out as a string with two decimals and comes in as one (or as a JSON number).
Money = Pattern(r"^-?\d+\.\d{2}$", "Geef een bedrag met twee decimalen.", "1827301.14")
MoneyInput = Annotated[
    Decimal,
    Field(ge=0, le=MAX_MONEY, decimal_places=2),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$", "examples": ["123.45"]}
    ),
]
Figure = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,9}(\.\d{1,4})?$", "examples": ["12.5"]}),
]
Months = Annotated[int, Field(ge=1, le=600)]
Timestamp = Annotated[datetime, AfterValidator(as_utc)]  # stored in UTC
Text = Annotated[str, Field(max_length=20000)]


class Request(BaseModel):
    """A request body or query: strict JSON types, no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True)
    refusal: ClassVar[str] = "De gegevens kloppen niet."


class Query(Request):
    """A query string: all text, so numbers are read from it; no unknown parameters."""

    model_config = ConfigDict(extra="forbid", strict=False)
    refusal: ClassVar[str] = "De parameters kloppen niet."


class Response(BaseModel):
    """A response: built by app/api/serializers.py, described as it is serialised."""
