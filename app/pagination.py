"""Paging and sorting of lists: which page and order a query reads, and the links between
pages and sort orders that keep the list's filters."""

import sqlalchemy as sa
from flask import request, url_for


def page_bounds(page: int, total: int, per_page: int) -> tuple[int, int]:
    """The page to show (within 1 … pages) and the number of pages, at least one."""
    pages = max(1, -(-total // per_page))
    return min(max(page, 1), pages), pages


def sort_order(sort: str, columns: dict[str, sa.ColumnElement], default: str) -> sa.ColumnElement:
    """The ORDER BY for a sort key from the URL ("einde", or "-einde" for descending); an
    unknown key sorts on `default`. Rows without a value come last either way."""
    column = columns.get(sort.lstrip("-"), columns[default])
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def _this_list(args: dict) -> str:
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_url(page: int) -> str:
    """The current list's URL with the same filters, at another page."""
    return _this_list(request.args.to_dict() | {"pagina": page})


def requested_page() -> int:
    """Which page of a list to show (?pagina=2); page_bounds keeps it within the list."""
    return request.args.get("pagina", 1, type=int)


def requested_history_page() -> int:
    """Which page of an object's history its page shows (?geschiedenis=2; anything else: 1)."""
    return max(request.args.get("geschiedenis", 1, type=int), 1)


def history_url(page: int) -> str:
    """The current page showing another page of its history, scrolled to it."""
    return _this_list(request.args.to_dict() | {"geschiedenis": page}) + "#geschiedenis"


def sort_url(key: str) -> str:
    """The current list sorted on `key`; again on the same key reverses it. Back to page 1."""
    current = request.args.get("sorteer", "")
    args = request.args.to_dict() | {"sorteer": f"-{key}" if current == key else key}
    args.pop("pagina", None)
    return _this_list(args)


def sort_state(key: str, default: str = "") -> str:
    """aria-sort of a column: ascending, descending or none."""
    current = request.args.get("sorteer", default)
    return {key: "ascending", f"-{key}": "descending"}.get(current, "none")
