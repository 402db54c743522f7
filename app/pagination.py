"""Links between the pages of a list, keeping its filters."""

from flask import request, url_for


def page_url(page: int) -> str:
    """The current list's URL with the same filters, at another page."""
    args = request.args.to_dict() | {"pagina": page}
    return url_for(request.endpoint, **(request.view_args or {}), **args)
