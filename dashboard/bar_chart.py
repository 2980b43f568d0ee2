"""Bar charts as plain HTML and CSS (assets/bar_chart.css): no plotly.js to fetch, parse and start
before a page's charts show. Each chart is a <figure> with its title and totals, its bars as a table
a screen reader reads (name, value), its source line and download link in the <figcaption>.

The table travels as one HTML string (escaped here) that assets/bar_chart.js puts in place: as Dash
components, its ~600 cells cost the renderer as much as Plotly did (its cost grows with the number of
components: measured 830 ms of script for the five charts, against ~10 components for them now)."""
import math
from dataclasses import dataclass
from html import escape

from dash import html

from dashboard.components import chart_caption
from dashboard.formatting import decimal


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None  # the bar's length, in the value axis's unit; None: no bar (written '–')
    text: str  # the value as written next to the bar (French or English formats)
    muted: bool = False  # drawn in the muted colour (the chosen région stands out of the others)


def ticks(top: float) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 × a power of ten) up to at least `top`, about four of them."""
    if top <= 0:
        return [0, 1]
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * (1 - 1e-9))
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _share(value: float | None, top: float) -> str:
    return f"{max(value or 0, 0) / top * 100:.2f}%"


def tag(name: str, content: str = "", **attrs) -> str:
    """<name attrs>content</name>; content is HTML (escape text with `escape`), attributes are escaped
    here (a trailing _ is dropped: class_; other _ become -: aria_labelledby)."""
    pairs = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items() if v is not None)
    return f"<{name}{pairs}>{content}</{name}>"


def _hidden(text: str) -> str:
    return tag("span", escape(text), class_="visually-hidden")


def horizontal_bars(chart_id: str, title: str, detail: str, bars: list[Bar], value_axis: str,
                    category_axis: str, source: str, download, lang: str,
                    show_category_axis: bool = False) -> html.Figure:
    """One row per bar, the first on top: name, bar, value. The value axis's title (with its unit) heads
    the bars' column; the category axis's title heads the names (read by screen readers only unless
    `show_category_axis`). Gridlines at round values, labelled under the bars."""
    scale = ticks(max((b.value for b in bars if b.value is not None), default=0))
    top = scale[-1]
    head = tag("thead", tag("tr", tag("th", escape(category_axis) if show_category_axis else _hidden(category_axis),
                                      scope="col") + tag("th", escape(value_axis), scope="col")))
    rows = "".join(tag("tr", tag("th", escape(b.name), scope="row", title=b.name)
                       + tag("td", tag("div", tag("span", tag("span", escape(b.text), class_="bar-value"),
                                                  class_="bar", style=f"width:{_share(b.value, top)}"),
                                       class_="bar-track")),
                       class_="bar-muted" if b.muted else None, data_value="" if b.value is None else b.value)
                   for b in bars)
    labels = "".join(tag("span", escape(decimal(v, 2, lang)), style=f"left:{_share(v, top)}") for v in scale)
    foot = tag("tfoot", tag("tr", tag("td") + tag("td", tag("div", labels, class_="bar-track bar-ticks"))),
               aria_hidden="true")
    table = tag("table", head + tag("tbody", rows) + foot, class_="bar-table", style=f"--steps:{len(scale) - 1}",
                aria_labelledby=f"{chart_id}-title")
    return _figure(chart_id, title, detail, table, chart_caption(source, download, lang))


def columns(chart_id: str, title: str, detail: str, items: list[tuple[int, float, str]], value_axis: str,
            category_axis: str, source: str, download, lang: str, label_every: int = 5) -> html.Figure:
    """One column per (category, value, written value), e.g. per year, left to right. The categories that
    are multiples of `label_every` labelled (2010, 2015…: level labels on a phone); every value on hover
    or focus, and the whole a table for screen readers: the categories head the columns, the value
    axis's title heads the row."""
    top = max((v for _, v, _ in items if v is not None), default=0) or 1
    sep = " :" if lang == "fr" else ":"
    head = tag("thead", tag("tr", tag("td") + "".join(
        tag("th", escape(str(c)), scope="col", class_="column-label" if c % label_every == 0 else None)
        for c, _, _ in items)))
    cells = "".join(tag("td", tag("span", escape(text), class_="column-value"), class_="column", tabindex="0",
                        style=f"--f:{_share(v, top)}", title=f"{c}{sep} {text}", data_value=v)
                    for c, v, text in items)
    body = tag("tbody", tag("tr", tag("th", tag("span", escape(value_axis)), scope="row", class_="column-axis-title")
                        + cells))
    table = tag("table", head + body, class_="column-table", aria_labelledby=f"{chart_id}-title")
    return _figure(chart_id, title, detail, table + tag("p", escape(category_axis), class_="column-axis"),
                   chart_caption(source, download, lang))


def _figure(chart_id: str, title: str, detail: str, plot: str, caption: list) -> html.Figure:
    heading = html.Div([html.H2(title, id=f"{chart_id}-title", className="chart-title"),
                        html.P(detail, className="chart-detail")], className="chart-head")
    return html.Figure([heading, html.Div(className="chart-plot", **{"data-html": plot}),
                        html.Figcaption(caption, className="chart-source")], className="chart bar-chart", id=chart_id)
