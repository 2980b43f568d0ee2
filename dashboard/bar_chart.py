"""Bar charts as plain HTML and CSS (assets/bar_chart.css): no plotly.js to fetch, parse and start
before a page's charts show. Each chart is a <figure> with its title and totals, its bars as a table
a screen reader reads (name, value), its source line and download link in the <figcaption>."""
import math
from dataclasses import dataclass

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


def horizontal_bars(chart_id: str, title: str, detail: str, bars: list[Bar], value_axis: str,
                    category_axis: str, source: str, download, lang: str,
                    show_category_axis: bool = False) -> html.Figure:
    """One row per bar, the first on top: name, bar, value. The value axis's title (with its unit) heads
    the bars' column; the category axis's title heads the names (read by screen readers only unless
    `show_category_axis`). Gridlines at round values, labelled under the bars."""
    scale = ticks(max((b.value for b in bars if b.value is not None), default=0))
    top, steps = scale[-1], len(scale) - 1
    head = html.Thead(html.Tr([
        html.Th(category_axis if show_category_axis else html.Span(category_axis, className="visually-hidden"),
                scope="col"),
        html.Th(value_axis, scope="col", className="bar-axis-title")]))
    rows = [html.Tr([
        html.Th(b.name, scope="row", title=b.name),
        html.Td(html.Div(html.Span(html.Span(b.text, className="bar-value"), className="bar",
                                   style={"width": _share(b.value, top)}), className="bar-track")),
    ], className="bar-muted" if b.muted else None, **{"data-value": b.value}) for b in bars]
    labels = html.Tfoot(html.Tr([html.Td(), html.Td(html.Div(
        [html.Span(decimal(v, 2, lang), style={"left": _share(v, top)}) for v in scale],
        className="bar-track bar-ticks"))]), **{"aria-hidden": "true"})
    table = html.Table([head, html.Tbody(rows), labels], className="bar-table",
                       style={"--steps": steps}, **{"aria-labelledby": f"{chart_id}-title"})
    return _figure(chart_id, title, detail, [table], chart_caption(source, download, lang))


def columns(chart_id: str, title: str, detail: str, items: list[tuple[int, float, str]], value_axis: str,
            category_axis: str, source: str, download, lang: str, label_every: int = 5) -> html.Figure:
    """One column per (category, value, written value), e.g. per year, left to right. The categories that
    are multiples of `label_every` labelled (2010, 2015…: level labels on a phone); every value on hover
    or focus, and the whole a table for screen readers: the categories head the columns, the value
    axis's title heads the row."""
    top = max((v for _, v, _ in items if v is not None), default=0) or 1
    sep = " :" if lang == "fr" else ":"
    head = html.Thead(html.Tr([html.Td()] + [
        html.Th(html.Span(str(c), className=None if c % label_every == 0 else "visually-hidden"), scope="col")
        for c, _, _ in items]))
    cells = [html.Td(html.Div(html.Span(html.Span(text, className="column-value"), className="column",
                                        style={"height": _share(v, top)}), className="column-track"),
                     title=f"{c}{sep} {text}", tabIndex="0", **{"data-value": v})
             for c, v, text in items]
    body = html.Tbody(html.Tr([html.Th(html.Span(value_axis), scope="row", className="column-axis-title")] + cells))
    table = html.Table([head, body], className="column-table", **{"aria-labelledby": f"{chart_id}-title"})
    return _figure(chart_id, title, detail, [table, html.P(category_axis, className="column-axis")],
                   chart_caption(source, download, lang))


def _figure(chart_id: str, title: str, detail: str, plot: list, caption: list) -> html.Figure:
    heading = html.Div([html.H2(title, id=f"{chart_id}-title", className="chart-title"),
                        html.P(detail, className="chart-detail")], className="chart-head")
    return html.Figure([heading, html.Div(plot, className="chart-plot"),
                        html.Figcaption(caption, className="chart-source")], className="chart bar-chart", id=chart_id)
