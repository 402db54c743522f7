"""A budget plan loaded from a seed file exactly as the source prints it, printed totals
included, through the same services a person uses."""

from decimal import Decimal

from app.auth.models import User
from app.budgets.services import add_budget_group, add_budget_line, create_budget_plan
from app.extensions import db
from app.reference.models import Municipality
from app.tenders.models import Lot, Tender


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def load_budget_plan(actor: User | None, municipality: Municipality, row: dict) -> int:
    """One plan ({year, title, source, printed_balance, groups: [{side, name, printed_total,
    segment, lines}]}); a line names its lot by tender title and lot number. Returns the
    number of lines."""
    segments = {segment.code: segment.id for segment in municipality.scheme.segments}
    plan = create_budget_plan(
        actor,
        municipality,
        values={
            "year": row["year"],
            "title": row["title"],
            "source": row.get("source", ""),
            "printed_balance": _money(row.get("printed_balance")),
            "adopted_on": row.get("adopted_on"),
        },
    )
    lines = 0
    for position, group_row in enumerate(row["groups"], start=1):
        group = add_budget_group(
            actor,
            plan,
            values={
                "side": group_row["side"],
                "name": group_row["name"],
                "position": position,
                "printed_total": _money(group_row.get("printed_total")),
                "segment_id": segments.get(group_row.get("segment")),
            },
        )
        db.session.flush()
        for line_position, line in enumerate(group_row["lines"], start=1):
            lot_id = None
            if "tender" in line:
                lot_id = db.session.scalar(
                    db.select(Lot.id)
                    .join(Lot.tender)
                    .where(Tender.title == line["tender"], Lot.number == line.get("lot", 1))
                )
            values = {
                "group_id": group.id,
                "name": line["name"],
                "kind": line["kind"],
                "amount": _money(line.get("amount")),
                "lot_id": lot_id,
                "contract_reference": line.get("contract"),
                "position": line_position,
            }
            add_budget_line(actor, plan, values=values)
            lines += 1
    return lines
