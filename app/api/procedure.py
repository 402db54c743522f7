"""Reading a procedure-advice request body: every problem becomes a field error, in Dutch."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.errors import ValidationFailed
from app.forms import MAX_MONEY
from app.tenders.cpv import normalise_cpv
from app.tenders.procedure import CENTRAL, SUB_CENTRAL, LotInput

REQUEST_FIELDS = {"authority", "publication_on", "initial_months", "option_months", "lots"}
LOT_FIELDS = {"annual_value_eur", "cpv"}
MAX_MONTHS = 600


def _months(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_MONTHS:
        return None
    return value


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY:
        return None
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return amount


def parse_advice_request(body: dict, default_authority: str) -> dict[str, Any]:
    """The keyword arguments for `advise`, or ValidationFailed with every field error; without
    an authority, the configured one."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(body) - REQUEST_FIELDS):
        errors[name] = ["Onbekend veld."]

    authority = body.get("authority", default_authority)
    if authority not in (SUB_CENTRAL, CENTRAL):
        errors["authority"] = [f"Kies '{SUB_CENTRAL}' of '{CENTRAL}'."]

    publication_on = date.today()
    if body.get("publication_on") is not None:
        try:
            publication_on = date.fromisoformat(str(body["publication_on"]))
        except ValueError:
            errors["publication_on"] = ["Geef een datum als JJJJ-MM-DD."]

    initial_months = _months(body.get("initial_months"))
    if initial_months is None:
        errors["initial_months"] = [f"Geef een geheel aantal maanden tussen 1 en {MAX_MONTHS}."]

    option_months = body.get("option_months", [])
    if not isinstance(option_months, list) or any(_months(m) is None for m in option_months):
        errors["option_months"] = ["Geef een lijst van gehele aantallen maanden, elk minstens 1."]

    lots = body.get("lots")
    parsed_lots = []
    if not isinstance(lots, list) or not lots:
        errors["lots"] = ["Geef minstens één perceel."]
    else:
        for index, lot in enumerate(lots):
            prefix = f"lots[{index}]"
            if not isinstance(lot, dict):
                errors[prefix] = ["Een perceel is een object met annual_value_eur en cpv."]
                continue
            for name in sorted(set(lot) - LOT_FIELDS):
                errors[f"{prefix}.{name}"] = ["Onbekend veld."]
            amount = _amount(lot.get("annual_value_eur"))
            if amount is None:
                errors[f"{prefix}.annual_value_eur"] = [
                    'Geef een bedrag van 0 of meer met hoogstens twee decimalen, bijv. "123.45".'
                ]
            try:
                cpv = normalise_cpv(str(lot.get("cpv", "")))
            except ValueError as error:
                errors[f"{prefix}.cpv"] = [str(error)]
                cpv = None
            if amount is not None and cpv is not None:
                parsed_lots.append(LotInput(amount, cpv, f"Perceel {index + 1}"))
    if errors:
        raise ValidationFailed("De aanvraag voor een procedure-advies klopt niet.", errors)
    return {
        "authority": authority,
        "publication_on": publication_on,
        "initial_months": initial_months,
        "option_months": option_months,
        "lots": parsed_lots,
    }
