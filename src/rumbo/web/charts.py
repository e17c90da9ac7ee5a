"""Charts drawn on the server as inline SVG: no JavaScript, no build step, nothing to download.

Every chart is a ``<figure>`` holding the drawing (``role="img"`` with a ``<title>`` and a
``<desc>`` that sums the data up in words), an HTML legend, and the same numbers as a table that
only screen readers see. Colours come from classes defined in ``static/charts.css``: the pages'
content security policy forbids ``style`` attributes, and classes keep the palette in one place.

Times are shown in the zone the caller passes (the page's zone), so a tick reading "3 dic" means
the third of December where the team works, not in UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from rumbo.web.chart_ticks import nice_ticks, time_ticks
from rumbo.web.i18n import gettext as _
from rumbo.web.labels import month

SVG_NS = "http://www.w3.org/2000/svg"
# Series beyond this number reuse the palette; charts.css defines one class per slot.
PALETTE_SIZE = 6

Moment = dt.datetime | dt.date


@dataclass(frozen=True)
class Series:
    """One named line: ``(moment, value)`` pairs; dates are whole days in the page's zone."""

    name: str
    points: Sequence[tuple[Moment, float]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Bar:
    """One horizontal bar; ``href`` makes its label a link to what lies behind the number."""

    label: str
    value: float
    href: str | None = None


def format_number(value: float) -> str:
    """``1,250`` for whole numbers, ``12.5`` otherwise: the style of the rest of the pages."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


# ---------------------------------------------------------------------------------------------
# Drawing helpers


def _as_datetime(moment: Moment, zone: dt.tzinfo) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:  # stored naive values are UTC throughout Rumbo
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(zone)
    return dt.datetime(moment.year, moment.month, moment.day, tzinfo=zone)


def _moment_label(moment: Moment, zone: dt.tzinfo) -> str:
    at = _as_datetime(moment, zone)
    text = f"{at.day} {month(at.month)} {at.year}"
    if isinstance(moment, dt.datetime) and (at.hour, at.minute) != (0, 0):
        text += f", {at:%H:%M}"
    return text


def _chart_id(kind: str, title: str, names: Iterable[str]) -> str:
    """A stable id for the title and description, distinct for distinct charts on one page."""
    digest = hashlib.sha256("\x1f".join([kind, title, *names]).encode()).hexdigest()[:10]
    return f"chart-{digest}"


def _num(value: float) -> str:
    """A coordinate with two decimals at most and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _empty(title: str) -> Markup:
    return Markup(
        '<figure class="chart chart--empty"><figcaption class="chart__title">{}</figcaption>'
        '<p class="chart__empty">{}</p></figure>'
    ).format(title, _("Sin datos para este periodo."))


@dataclass(frozen=True)
class Frame:
    """Where the plot sits inside the drawing, and how values become coordinates."""

    width: int
    height: int
    left: int = 56
    right: int = 16
    top: int = 16
    bottom: int = 32

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


def scale(value: float, low: float, high: float, start: float, end: float) -> float:
    """``value`` moved from ``low..high`` onto ``start..end``; the middle when the range is flat."""
    if high == low:
        return (start + end) / 2
    return start + (value - low) / (high - low) * (end - start)


# ---------------------------------------------------------------------------------------------
# Line chart


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    y_label: str,
    width: int = 720,
    height: int = 280,
    zone: dt.tzinfo = dt.UTC,
    format_value: Callable[[float], str] = format_number,
) -> Markup:
    """Several named series over time, with a legend and a hidden table of the same numbers."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return _empty(title)
    frame = Frame(width, height)
    moments = sorted({_as_datetime(moment, zone) for s in drawn for moment, _value in s.points})
    values = [float(value) for s in drawn for _moment, value in s.points]
    y_ticks = nice_ticks(min(values), max(values))
    y_low, y_high = y_ticks[0], y_ticks[-1]
    x_low, x_high = moments[0].timestamp(), moments[-1].timestamp()
    x0, x1 = frame.left, frame.left + frame.plot_width
    y0, y1 = frame.top + frame.plot_height, frame.top

    def x_of(moment: Moment) -> float:
        return scale(_as_datetime(moment, zone).timestamp(), x_low, x_high, x0, x1)

    def y_of(value: float) -> float:
        return scale(value, y_low, y_high, y0, y1)

    chart_id = _chart_id("line", title, (s.name for s in drawn))
    parts: list[str] = [
        _svg_open(chart_id, frame),
        _title_and_desc(chart_id, title, _line_summary(drawn, y_label, zone, format_value)),
        '<g class="chart__grid">',
    ]
    for tick in y_ticks:
        y = _num(y_of(tick))
        parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y}" y2="{y}"/>')
    parts.append('</g><g class="chart__axis chart__axis--y">')
    for tick in y_ticks:
        parts.append(
            f'<text x="{x0 - 6}" y="{_num(y_of(tick) + 4)}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
    parts.append(
        f'<text class="chart__axis-label" x="{x0}" y="{frame.top - 4}">{escape(y_label)}</text>'
    )
    parts.append('</g><g class="chart__axis chart__axis--x">')
    most = max(2, frame.plot_width // 70)  # room for a label like "28 sep" or "sep 2026"
    for at, text in time_ticks(moments[0], moments[-1], zone=zone, most=most):
        x = _num(x_of(at))
        parts.append(f'<line class="chart__tick" x1="{x}" x2="{x}" y1="{y0}" y2="{y0 + 4}"/>')
        parts.append(f'<text x="{x}" y="{y0 + 18}" text-anchor="middle">{escape(text)}</text>')
    parts.append("</g>")
    for index, one in enumerate(drawn):
        slot = index % PALETTE_SIZE + 1
        ordered = sorted(one.points, key=lambda point: _as_datetime(point[0], zone))
        coordinates = " ".join(f"{_num(x_of(m))},{_num(y_of(float(v)))}" for m, v in ordered)
        parts.append(f'<g class="chart__series chart__series--{slot}">')
        parts.append(f'<polyline points="{coordinates}"/>')
        for moment, value in ordered:
            hint = f"{one.name}: {_moment_label(moment, zone)}, {format_value(float(value))}"
            parts.append(
                f'<circle cx="{_num(x_of(moment))}" cy="{_num(y_of(float(value)))}" r="3">'
                f"<title>{escape(hint)}</title></circle>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    parts.append(_legend(one.name for one in drawn))
    parts.append(_line_table(drawn, title, zone, format_value))
    # Every name and number above went through escape(); the rest is fixed markup.
    caption = f'<figcaption class="chart__title">{escape(title)}</figcaption>'
    return Markup('<figure class="chart chart--line">' + caption + "".join(parts) + "</figure>")  # noqa: S704


def _svg_open(chart_id: str, frame: Frame) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" class="chart__svg" viewBox="0 0 {frame.width} {frame.height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
    )


def _title_and_desc(chart_id: str, title: str, summary: str) -> str:
    return (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>'
    )


def _line_summary(
    series: Sequence[Series], y_label: str, zone: dt.tzinfo, format_value: Callable[[float], str]
) -> str:
    """One sentence per series: its range and where it ended, for people who cannot see lines."""
    moments = [_as_datetime(m, zone) for s in series for m, _v in s.points]
    first, last = min(moments), max(moments)
    sentences = [
        _("{label}, del {first} al {last}.").format(
            label=y_label, first=_moment_label(first, zone), last=_moment_label(last, zone)
        )
    ]
    for one in series:
        values = [float(value) for _moment, value in one.points]
        latest = max(one.points, key=lambda point: _as_datetime(point[0], zone))[1]
        sentences.append(
            _("{name}: mínimo {low}, máximo {high}, último {last}.").format(
                name=one.name,
                low=format_value(min(values)),
                high=format_value(max(values)),
                last=format_value(float(latest)),
            )
        )
    return " ".join(sentences)


def _legend(names: Iterable[str]) -> str:
    items = "".join(
        f'<li><span class="chart__swatch chart__series--{index % PALETTE_SIZE + 1}" '
        f'aria-hidden="true"></span>{escape(name)}</li>'
        for index, name in enumerate(names)
    )
    return f'<ul class="chart__legend" aria-hidden="true">{items}</ul>'


def _line_table(
    series: Sequence[Series], title: str, zone: dt.tzinfo, format_value: Callable[[float], str]
) -> str:
    by_moment: dict[dt.datetime, dict[int, float]] = {}
    shown: dict[dt.datetime, Moment] = {}
    for index, one in enumerate(series):
        for moment, value in one.points:
            at = _as_datetime(moment, zone)
            by_moment.setdefault(at, {})[index] = float(value)
            shown.setdefault(at, moment)
    head = "".join(f'<th scope="col">{escape(one.name)}</th>' for one in series)
    rows = []
    for at in sorted(by_moment):
        cells = "".join(
            f"<td>{escape(format_value(by_moment[at][i])) if i in by_moment[at] else '—'}</td>"
            for i in range(len(series))
        )
        rows.append(
            f'<tr><th scope="row">{escape(_moment_label(shown[at], zone))}</th>{cells}</tr>'
        )
    return (
        f'<table class="visually-hidden"><caption>{escape(title)}</caption>'
        f'<thead><tr><th scope="col">{escape(_("Fecha"))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# ---------------------------------------------------------------------------------------------
# Bar chart

BAR_ROW = 28
BAR_LABEL_CHARS = 28


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    value_label: str,
    width: int = 720,
    format_value: Callable[[float], str] = format_number,
) -> Markup:
    """Horizontal bars, longest meaning largest, each with its label and its value written out."""
    if not bars:
        return _empty(title)
    label_width = int(width * 0.34)
    frame = Frame(width, BAR_ROW * len(bars) + 40, left=label_width, right=72, top=8, bottom=32)
    ticks = nice_ticks(min(b.value for b in bars), max(b.value for b in bars), count=4)
    low, high = ticks[0], ticks[-1]
    x0, x1 = frame.left, frame.left + frame.plot_width
    bottom = frame.top + BAR_ROW * len(bars)

    def x_of(value: float) -> float:
        return scale(value, low, high, x0, x1)

    chart_id = _chart_id("bar", title, (b.label for b in bars))
    parts = [
        _svg_open(chart_id, frame),
        _title_and_desc(chart_id, title, _bar_summary(bars, value_label, format_value)),
        '<g class="chart__grid">',
    ]
    for tick in ticks:
        x = _num(x_of(tick))
        parts.append(f'<line x1="{x}" x2="{x}" y1="{frame.top}" y2="{bottom}"/>')
    parts.append('</g><g class="chart__axis chart__axis--x">')
    for tick in ticks:
        parts.append(
            f'<text x="{_num(x_of(tick))}" y="{bottom + 16}" text-anchor="middle">'
            f"{escape(format_value(tick))}</text>"
        )
    parts.append(
        f'<text class="chart__axis-label" x="{x1}" y="{bottom + 30}" text-anchor="end">'
        f"{escape(value_label)}</text></g>"
    )
    zero = x_of(0.0)
    for row, bar in enumerate(bars):
        top = frame.top + row * BAR_ROW
        start, end = sorted((zero, x_of(bar.value)))
        text = bar.label
        if len(text) > BAR_LABEL_CHARS:  # the full label stays in the hint and the table
            text = text[: BAR_LABEL_CHARS - 1] + "…"
        label = f'<text x="{x0 - 8}" y="{top + 18}" text-anchor="end">{escape(text)}</text>'
        if bar.href:
            label = f'<a href="{escape(bar.href)}">{label}</a>'
        hint = f"{bar.label}: {format_value(bar.value)}"
        parts.append(
            f'<g class="chart__bar chart__series--1">{label}'
            f'<rect x="{_num(start)}" y="{top + 5}" width="{_num(max(end - start, 1))}" '
            f'height="{BAR_ROW - 10}"><title>{escape(hint)}</title></rect>'
            f'<text class="chart__value" x="{_num(max(end, zero) + 6)}" y="{top + 18}">'
            f"{escape(format_value(bar.value))}</text></g>"
        )
    parts.append("</svg>")
    parts.append(_bar_table(bars, title, value_label, format_value))
    # Every label and number above went through escape(); the rest is fixed markup.
    caption = f'<figcaption class="chart__title">{escape(title)}</figcaption>'
    return Markup('<figure class="chart chart--bar">' + caption + "".join(parts) + "</figure>")  # noqa: S704


def _bar_summary(
    bars: Sequence[Bar], value_label: str, format_value: Callable[[float], str]
) -> str:
    top = max(bars, key=lambda bar: bar.value)
    return _("{count} barras de {label}; la mayor, {name}: {value}.").format(
        count=len(bars), label=value_label, name=top.label, value=format_value(top.value)
    )


def _bar_table(
    bars: Sequence[Bar], title: str, value_label: str, format_value: Callable[[float], str]
) -> str:
    # Plain text: a link nobody can see would still take a keyboard user's focus.
    rows = [
        f'<tr><th scope="row">{escape(bar.label)}</th>'
        f"<td>{escape(format_value(bar.value))}</td></tr>"
        for bar in bars
    ]
    return (
        f'<table class="visually-hidden"><caption>{escape(title)}</caption>'
        f'<thead><tr><th scope="col">{escape(_("Nombre"))}</th>'
        f'<th scope="col">{escape(value_label)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
