"""dashboard/bar_chart.py: round gridlines, bars proportional to their values, text from the API escaped
(the chart's HTML is put in place by the browser as it is)."""
import re

from dash import html

from dashboard.bar_chart import Bar, columns, horizontal_bars, ticks


def _plot(figure) -> str:
    return figure.children[1].to_plotly_json()["props"]["data-html"]


def test_ticks_are_round_and_reach_the_largest_value():
    assert ticks(6.7) == [0, 2, 4, 6, 8]
    assert ticks(97) == [0, 25, 50, 75, 100]
    assert [round(t, 9) for t in ticks(0.48)] == [0, 0.2, 0.4, 0.6]
    assert ticks(0) == [0, 1]


def test_bars_are_proportional_and_names_escaped():
    bars = [Bar("<b>Île</b> & \"Corse\"", 3.0, "3,0 M€"), Bar("Guyane", 1.5, "1,5 M€", muted=True),
            Bar("Mayotte", None, "–")]
    plot = _plot(horizontal_bars("c", "Titre", "détail", bars, "Montant (M€)", "Région", "registre",
                                 html.A("csv"), "fr"))
    assert "<b>" not in plot and "&lt;b&gt;Île&lt;/b&gt; &amp; &quot;Corse&quot;" in plot
    assert re.findall(r'class="bar" style="width:([\d.]+)%"', plot) == ["100.00", "50.00", "0.00"]  # scale 0–3
    assert plot.count('class="bar-muted"') == 1 and 'aria-labelledby="c-title"' in plot


def test_columns_write_each_value_for_hover_focus_and_screen_readers():
    plot = _plot(columns("y", "Créés", "total 3", [(2014, 1, "1"), (2015, 2, "2")], "CLSM créés", "Année",
                         "registre", html.A("csv"), "fr"))
    assert re.findall(r'<td class="column" tabindex="0" style="--f:([\d.]+)%" title="(\d+ : \d)"', plot) == [
        ("50.00", "2014 : 1"), ("100.00", "2015 : 2")]
    assert '<th scope="col" class="column-label">2015</th>' in plot and '<th scope="col">2014</th>' in plot
