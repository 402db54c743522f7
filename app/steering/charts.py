"""KPI trends drawn as SVG by matplotlib, on the server: dates and values on the axes, the
norm drawn and labelled, each point coloured by its rating. Served as an image, so the page
needs no script and the content security policy stays as it is."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from io import StringIO

from app.steering.models import KpiUnit
from app.steering.queries import KpiTrend, TrendPoint
from app.steering.rules import kpi_value

RATING_COLOURS = {"green": "#198754", "amber": "#e07000", "red": "#dc3545"}
UNRATED = "#6c757d"
LINE_COLOURS = ["#0d6efd", "#6f42c1", "#20c997", "#d63384", "#495057", "#0dcaf0"]
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same on every server
    "font.size": 9,
    "svg.fonttype": "none",  # text stays text: readable, searchable, small
    "svg.hashsalt": "regie",  # the same chart gives the same file
}
RATING_NAMES = {"green": "groen", "amber": "oranje", "red": "rood"}


# Dutch month abbreviations as dictionaries give them (maart is mrt, not maa).
MONTH_ABBREVIATIONS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                       "nov", "dec")  # fmt: skip


def month_label(day: date) -> str:
    return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def trend_svg(trend: KpiTrend) -> str:
    """The trend of one KPI as an SVG document. The drawing depends on its figures only, so
    it is kept per distinct figures: a chart asked for again is not drawn again until its own
    figures change."""
    return _remembered_drawing(trend.kpi.unit, tuple(trend.points), trend.target)


def _draw_trend(kpi_unit: KpiUnit, points: tuple[TrendPoint, ...], target: Decimal | None) -> str:
    """Long because the drawing is one sequence of matplotlib calls, in the order they paint."""
    import matplotlib
    from matplotlib.dates import MonthLocator, date2num, num2date
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    unit = kpi_unit.value
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 3.2))
        axes = figure.add_subplot()
        by_series = defaultdict(list)
        for point in points:
            by_series[point.series].append(point)
        for index, (series, series_points) in enumerate(by_series.items()):
            axes.plot(
                [date2num(p.period_end) for p in series_points],
                [float(p.value) for p in series_points],
                color=LINE_COLOURS[index % len(LINE_COLOURS)],
                linewidth=1.5,
                label=series,
                zorder=2,
            )
        axes.scatter(
            [date2num(p.period_end) for p in points],
            [float(p.value) for p in points],
            c=[
                RATING_COLOURS.get(p.rating.value, UNRATED) if p.rating else UNRATED for p in points
            ],
            s=42,
            edgecolors="white",
            linewidths=1,
            zorder=3,
        )
        if target is not None:
            axes.axhline(float(target), color="#343a40", linestyle="--", linewidth=1)
            axes.annotate(
                f"norm {kpi_value(target, unit)}",
                xy=(1, float(target)),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 3),
                textcoords="offset points",
                ha="right",
                va="bottom",
                color="#343a40",
            )
        days = [p.period_end for p in points]
        axes.set_xlim(
            date2num(min(days) - timedelta(days=45)), date2num(max(days) + timedelta(days=45))
        )
        values = [float(p.value) for p in points] + ([float(target)] if target is not None else [])
        if min(values) >= 0:
            axes.set_ylim(bottom=0, top=max(values) * 1.15 or 1)
        span = (max(days) - min(days)).days // 30 + 3  # months shown, with the margins
        axes.xaxis.set_major_locator(MonthLocator(interval=max(1, -(-span // 6))))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: month_label(num2date(x).date())))
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda y, _: kpi_value(Decimal(str(round(y, 2))), unit))
        )
        axes.set_xlabel("Einde van de periode")
        axes.set_ylabel(kpi_unit.label)
        axes.grid(axis="y", color="#dee2e6", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        legend = [
            Line2D([], [], marker="o", linestyle="", color=colour, label=RATING_NAMES[rating])
            for rating, colour in RATING_COLOURS.items()
        ]
        legend.append(Line2D([], [], marker="o", linestyle="", color=UNRATED, label="geen norm"))
        if len(by_series) > 1:
            legend += [
                Line2D([], [], color=LINE_COLOURS[i % len(LINE_COLOURS)], label=series)
                for i, series in enumerate(by_series)
            ]
        axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        return svg_of(figure)


DRAWINGS_KEPT = 256  # per worker; a chart is 20-40 kB
_remembered_drawing = lru_cache(maxsize=DRAWINGS_KEPT)(_draw_trend)


def svg_of(figure) -> str:
    """A drawn figure as an SVG document, without the date that would make each one differ."""
    output = StringIO()
    figure.savefig(output, format="svg", bbox_inches="tight", metadata={"Date": None})
    return output.getvalue()
