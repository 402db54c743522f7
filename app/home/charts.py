"""The overview's charts, drawn like the KPI trends (app/steering/charts.py): matplotlib on the
server, SVG served as an image, Dutch labels; the page shows the same figures as a table."""

from datetime import date, timedelta

from app.contracts.models import ExtensionOption
from app.home.dashboard import GroupBudget
from app.steering.charts import STYLE, month_label, svg_of

BUDGET_COLOUR, SPENT_COLOUR, OVER_COLOUR = "#9ec5fe", "#0d6efd", "#dc3545"


def _euros(value: float, _position=None) -> str:
    return f"€ {value / 1000:,.0f}k".replace(",", ".") if value else "€ 0"


def budget_svg(groups: list[GroupBudget], year: int) -> str:
    """Budget against spend per target group: one pair of horizontal bars each, the spend red
    where it passes the budget."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter
    from matplotlib.transforms import offset_copy

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 0.6 + 0.55 * max(len(groups), 1)))
        axes = figure.add_subplot()
        rows = list(range(len(groups)))[::-1]  # the first group on top
        axes.barh(
            [row + 0.2 for row in rows],
            [float(group.budget) for group in groups],
            height=0.38,
            color=BUDGET_COLOUR,
        )
        axes.barh(
            [row - 0.2 for row in rows],
            [float(group.spent) for group in groups],
            height=0.38,
            color=[
                OVER_COLOUR if group.budget and group.spent > group.budget else SPENT_COLOUR
                for group in groups
            ],
        )
        axes.set_yticks(rows, [group.target_group for group in groups])
        axes.xaxis.set_major_formatter(FuncFormatter(_euros))
        axes.set_xlabel(f"Bedrag in {year}")
        axes.grid(axis="x", color="#dee2e6", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            handles=[
                Patch(color=BUDGET_COLOUR, label="budget"),
                Patch(color=SPENT_COLOUR, label="besteed"),
                Patch(color=OVER_COLOUR, label="besteed, boven budget"),
            ],
            loc="upper center",
            # Below the axis title, however many groups: the bars keep the figure's width.
            bbox_to_anchor=(0.5, 0),
            bbox_transform=offset_copy(axes.transAxes, fig=figure, y=-0.5, units="inches"),
            ncol=3,
            frameon=False,
        )
        return svg_of(figure)


def options_svg(options: list[ExtensionOption], today: date) -> str:
    """The option deadlines on a timeline: one row per contract, a point at each deadline,
    today as a line."""
    import matplotlib
    from matplotlib.dates import MonthLocator, date2num, num2date
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    references = list(dict.fromkeys(option.contract.reference for option in options))
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 0.8 + 0.35 * max(len(references), 1)))
        axes = figure.add_subplot()
        row = {reference: len(references) - 1 - n for n, reference in enumerate(references)}
        axes.scatter(
            [date2num(option.notice_deadline_on) for option in options],
            [row[option.contract.reference] for option in options],
            color=SPENT_COLOUR,
            s=40,
            zorder=3,
        )
        for option in options:
            axes.annotate(
                f"optie {option.number}",
                (date2num(option.notice_deadline_on), row[option.contract.reference]),
                xytext=(6, -3),
                textcoords="offset points",
            )
        axes.axvline(date2num(today), color="#343a40", linestyle="--", linewidth=1)
        axes.annotate(
            "vandaag",
            xy=(date2num(today), 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
        )
        last = max([option.notice_deadline_on for option in options], default=today)
        axes.set_xlim(date2num(today - timedelta(days=20)), date2num(last + timedelta(days=75)))
        axes.set_ylim(-0.7, len(references) - 0.3)
        axes.set_yticks(list(row.values()), list(row))
        axes.xaxis.set_major_locator(MonthLocator(interval=3))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: month_label(num2date(x).date())))
        axes.set_xlabel("Uiterste datum om de optie te lichten (opzegtermijn)")
        axes.grid(axis="x", color="#dee2e6", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        return svg_of(figure)
