"""Links between the pages of a list and its sort orders, keeping its filters."""

from flask import request, url_for


def page_url(page: int) -> str:
    """The current list's URL with the same filters, at another page."""
    args = request.args.to_dict() | {"pagina": page}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def sort_url(key: str) -> str:
    """The current list sorted on `key`; again on the same key reverses it. Back to page 1."""
    current = request.args.get("sorteer", "")
    args = request.args.to_dict() | {"sorteer": f"-{key}" if current == key else key}
    args.pop("pagina", None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def sort_state(key: str, default: str = "") -> str:
    """aria-sort of a column: ascending, descending or none."""
    current = request.args.get("sorteer", default)
    return {key: "ascending", f"-{key}": "descending"}.get(current, "none")
