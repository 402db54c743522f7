"""Paged collections: ?page=&per_page= (50 by default, at most 500), with the total and the
link to the next page, so no list answer grows with the whole database."""

from dataclasses import dataclass

from flask import request, url_for

from app.core.errors import ValidationFailed

PER_PAGE, MAX_PER_PAGE = 50, 500


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def next_url(self, total: int) -> str | None:
        if self.page * self.per_page >= total:
            return None
        arguments = request.args.to_dict() | {"page": self.page + 1, "per_page": self.per_page}
        return url_for(request.endpoint, **(request.view_args or {}), **arguments)


def page_request(allowed: frozenset[str] = frozenset()) -> PageRequest:
    """The page asked for, or a 400 with Dutch field errors."""
    errors = {
        name: ["Onbekende parameter."]
        for name in set(request.args) - allowed - {"page", "per_page"}
    }
    numbers = {}
    for name, default, largest in (("page", 1, 10**6), ("per_page", PER_PAGE, MAX_PER_PAGE)):
        raw = request.args.get(name, str(default))
        if not raw.isdigit() or not 1 <= int(raw) <= largest:
            errors[name] = [f"Geef een geheel getal van 1 tot en met {largest}."]
        else:
            numbers[name] = int(raw)
    if errors:
        raise ValidationFailed("De parameters kloppen niet.", errors)
    return PageRequest(**numbers)


def paged(items: list, total: int, asked: PageRequest) -> dict:
    return {
        "items": items,
        "page": asked.page,
        "per_page": asked.per_page,
        "total": total,
        "next": asked.next_url(total),
    }
