"""Server-drawn SVG charts: round ticks, honest coordinates, readable without sight or script."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from rumbo.web import i18n
from rumbo.web.chart_ticks import nice_ticks, time_ticks
from rumbo.web.charts import Bar, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
MADRID = ZoneInfo("Europe/Madrid")


def parse(markup: str) -> ET.Element:
    """The chart as XML: it must be well formed to parse at all."""
    return ET.fromstring(str(markup))  # noqa: S314 - our own output, no entities


def mantissa(value: float) -> float:
    return round(value / 10 ** math.floor(math.log10(abs(value))), 6)


@pytest.mark.parametrize(
    ("low", "high"), [(0, 7), (3, 97), (0, 1234), (0.2, 0.83), (-40, 15), (5, 5), (0, 0)]
)
def test_ticks_are_round_numbers_that_cover_the_data_and_zero(low, high):
    ticks = nice_ticks(low, high)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1, ticks  # evenly spaced
    assert mantissa(steps.pop()) in (1.0, 2.0, 5.0)
    assert ticks[0] <= min(low, 0)
    assert ticks[-1] >= max(high, 0)
    assert 0 in ticks
    assert 2 <= len(ticks) <= 8


def test_ticks_for_a_typical_count_are_the_ones_a_person_would_draw():
    assert nice_ticks(0, 93) == [0, 20, 40, 60, 80, 100]


def test_time_ticks_fall_on_local_midnights_with_day_labels():
    start = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    end = dt.datetime(2026, 11, 5, 18, 0, tzinfo=dt.UTC)
    ticks = time_ticks(start, end, zone=MADRID, most=6)
    assert [label for _at, label in ticks] == ["2 nov", "3 nov", "4 nov", "5 nov"]
    assert all((at.hour, at.minute) == (0, 0) and at.utcoffset() for at, _label in ticks)


def test_time_ticks_across_months_name_the_month_and_year_in_the_page_language():
    start = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    end = dt.datetime(2026, 7, 10, tzinfo=dt.UTC)
    with i18n.using("en"):
        labels = [label for _at, label in time_ticks(start, end, zone=MADRID, most=8)]
    assert labels[0] == "Feb 2026"
    assert labels[-1] == "Jul 2026"


def test_a_line_chart_maps_values_onto_coordinates():
    day = dt.date(2026, 11, 2)
    series = [
        Series(
            "Correo",
            [(day, 0), (day + dt.timedelta(days=1), 50), (day + dt.timedelta(days=2), 100)],
        )
    ]
    root = parse(line_chart(series, title="Volumen", y_label="Tickets", width=400, height=200))
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    line = svg.find(f".//{SVG}polyline")
    assert line is not None
    points = [tuple(map(float, pair.split(","))) for pair in line.attrib["points"].split()]
    # Frame: 56 px left, 16 right, 16 top, 32 bottom; y ticks 0..100.
    assert points == [(56, 168), (220, 92), (384, 16)]


def test_a_line_chart_is_an_accessible_image_with_a_summary_and_a_data_table():
    series = [
        Series("Correo", [(dt.date(2026, 11, 2), 4), (dt.date(2026, 11, 3), 9)]),
        Series("Chat", [(dt.date(2026, 11, 3), 2)]),
    ]
    root = parse(line_chart(series, title="Tickets por canal", y_label="Tickets", zone=MADRID))
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    assert svg.attrib["role"] == "img"
    title_id, desc_id = svg.attrib["aria-labelledby"].split()
    assert svg.find(f"{SVG}title[@id='{title_id}']").text == "Tickets por canal"
    desc = svg.find(f"{SVG}desc[@id='{desc_id}']").text
    assert "Correo: mínimo 4, máximo 9, último 9." in desc
    assert "del 2 nov 2026 al 3 nov 2026" in desc
    table = root.find("table")
    assert table is not None
    assert table.attrib["class"] == "visually-hidden"
    rows = [[cell.text for cell in row] for row in table.iter("tr")]
    assert rows == [
        ["Fecha", "Correo", "Chat"],
        ["2 nov 2026", "4", "—"],
        ["3 nov 2026", "9", "2"],
    ]
    legend = [item.itertext() for item in root.find("ul").iter("li")]
    assert ["".join(text) for text in legend] == ["Correo", "Chat"]


def test_names_are_escaped_so_the_chart_stays_well_formed():
    series = [Series('<b>"A&B"</b>', [(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), 1)])]
    root = parse(line_chart(series, title="x < y", y_label="n"))
    assert root.find(f"{SVG}svg/{SVG}title").text == "x < y"
    assert root.find("table/thead/tr/th[2]").text == '<b>"A&B"</b>'


@pytest.mark.parametrize("series", [[], [Series("Correo", [])]])
def test_no_data_says_so_instead_of_drawing_an_empty_frame(series):
    root = parse(line_chart(series, title="Volumen", y_label="Tickets"))
    assert root.find(f".//{SVG}svg") is None
    assert "sin datos" in "".join(root.itertext()).lower()
    assert "sin datos" in str(bar_chart([], title="Términos", value_label="ARR")).lower()


def test_a_bar_chart_draws_bar_lengths_in_proportion_with_labels_values_and_links():
    bars = [Bar("envío", 300, href="/insights/terms/envio"), Bar("factura", 150)]
    root = parse(bar_chart(bars, title="ARR en riesgo", value_label="ARR", width=600))
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    assert svg.attrib["role"] == "img"
    rects = svg.findall(f".//{SVG}rect")
    widths = [float(rect.attrib["width"]) for rect in rects]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert {float(rect.attrib["x"]) for rect in rects} == {204.0}  # both start at zero
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert {"envío", "factura", "300", "150"} <= set(texts)
    link = svg.find(f".//{SVG}a")
    assert link is not None
    assert link.attrib["href"] == "/insights/terms/envio"
    assert "la mayor, envío: 300" in svg.find(f"{SVG}desc").text
    assert [row.find("th").text for row in root.findall("table/tbody/tr")] == ["envío", "factura"]


def test_long_bar_labels_are_shortened_in_the_drawing_but_whole_in_the_table():
    name = "no llega el pedido después de tres semanas de espera"
    root = parse(bar_chart([Bar(name, 1)], title="t", value_label="n"))
    drawn = [t.text for t in root.iter(f"{SVG}text")]
    assert any(text and text.endswith("…") and len(text) <= 28 for text in drawn)
    assert root.find("table/tbody/tr/th").text == name
