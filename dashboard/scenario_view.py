"""The coverage-gain scenario's answer on screen: before -> after in people, share and QPV, for
France and each région touched, and the QPV whose status changes (all figures from the API)."""
from dash import html

from dashboard.components import number, percent, table
from dashboard.i18n import t


def _arrow(before, after, fmt=number) -> str:
    return f"{fmt(before)} → {fmt(after)}"


def scenario_result(gain: dict, lang: str) -> html.Div:
    areas = [{"area": a["nom"],
              "people": _arrow(a["covered_before"], a["covered_after"]),
              "share": _arrow(a["share_before"], a["share_after"], percent),
              "couvert": _arrow(a["qpv_couvert_before"], a["qpv_couvert_after"]),
              "uncovered": _arrow(a["qpv_uncovered_before"], a["qpv_uncovered_after"])}
             for a in gain.get("areas") or []]
    changed = [{**q, "share_before": percent(q["share_before"]), "share_after": percent(q["share_after"]),
                "status_before": t(q["status_before"], lang), "status_after": t(q["status_after"], lang)}
               for q in gain.get("qpv_changed") or []]
    communes = ", ".join(c["nom"] for c in gain["communes"][:30]) + ("…" if len(gain["communes"]) > 30 else "")
    return html.Div([
        html.P([html.Strong(t("population_new", lang) + " : "), number(gain["population_new"])], id="s-population"),
        html.P([html.Strong(t("scenario_candidate", lang) + " : "), communes], id="s-communes-used"),
        table([("area", t("scenario_area", lang)), ("people", t("people_covered", lang)),
               ("share", t("share_covered_col", lang)), ("couvert", t("qpv_couverts", lang)),
               ("uncovered", t("qpv_uncovered", lang))], areas),
        table([("code", "QPV"), ("nom", t("name", lang)), ("population", t("population", lang)),
               ("share_before", t("before", lang)), ("share_after", t("after", lang)),
               ("status_before", t("status_before", lang)), ("status_after", t("status_after", lang))],
              changed, t("qpv_changed", lang)),
    ], className="card", id="s-answer")
