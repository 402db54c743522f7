"""Paged collections: ?page=&per_page= (50 by default, at most 500; app/api/inputs.PageQuery),
with the total and the link to the next page, so no list answer grows with the whole database."""

from flask import request, url_for

from app.api.inputs import PageQuery


def next_page_url(asked: PageQuery, total: int) -> str | None:
    if asked.page * asked.per_page >= total:
        return None
    arguments = request.args.to_dict() | {"page": asked.page + 1, "per_page": asked.per_page}
    return url_for(request.endpoint, **(request.view_args or {}), **arguments)


def paged(items: list, total: int, asked: PageQuery) -> dict:
    return {
        "items": items,
        "page": asked.page,
        "per_page": asked.per_page,
        "total": total,
        "next": next_page_url(asked, total),
    }
