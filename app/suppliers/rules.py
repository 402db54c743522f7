"""What a supplier's data must satisfy; checked by the form and again by the services."""

from app.core.rules import Problem


def normalised_kvk(text: str | None) -> str | None:
    """A KvK number as people write it ("34 12 34 56", "34.123.456") as its 8 digits."""
    digits = (text or "").replace(" ", "").replace(".", "")
    return digits or None


def supplier_problems(values: dict) -> list[Problem]:
    """The Handelsregister gives every registration 8 digits; it has no check digit, so 8
    digits (not all zeros) is all that can be checked without asking the KvK."""
    kvk = normalised_kvk(values.get("kvk_number"))
    if kvk is None:
        return []
    if len(kvk) != 8 or not kvk.isdigit():
        message = "Een KvK-nummer bestaat uit 8 cijfers, bijvoorbeeld 34123456."
        return [Problem("kvk_number", message, "kvk_number")]
    if kvk == "00000000":
        return [Problem("kvk_number", "00000000 is geen KvK-nummer.", "kvk_number")]
    return []
