"""CPV codes (Common Procurement Vocabulary): 8 digits and a check digit, "79611000-0"."""

import re

CPV_PATTERN = re.compile(r"^(\d{8})(?:-(\d))?$")
WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)


def check_digit(code: str) -> int:
    """The CPV control digit: digits weighted 3-7-1 (repeating), summed, modulo 10."""
    return sum(int(digit) * weight for digit, weight in zip(code, WEIGHTS, strict=True)) % 10


def normalise_cpv(text: str) -> str:
    """ "79611000" or "79611000-0" → "79611000-0"; a wrong check digit is refused."""
    match = CPV_PATTERN.match(text.strip())
    if not match:
        raise ValueError("Gebruik 8 cijfers met eventueel een controlecijfer, bijv. 79611000-0.")
    code, given = match.groups()
    expected = check_digit(code)
    if given is not None and int(given) != expected:
        raise ValueError(
            f"Het controlecijfer van CPV-code {code} klopt niet: dat moet {expected} zijn."
        )
    return f"{code}-{expected}"


def under(code: str, category: str) -> bool:
    """Whether `code` falls under `category` ("85312000" covers 85312xxx)."""
    return code[:8].startswith(category[:8].rstrip("0"))
