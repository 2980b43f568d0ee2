"""The card of a place found by the search or clicked on a map: what covers it, which QPV are in it
or near it, which councils are planned; a council's own card."""
from dash import dcc, html

from dashboard.context import api
from dashboard.formatting import day, decimal, euros, number, percent
from dashboard.i18n import label_or, t


def place_card(kind: str, code: str, lang: str) -> html.Div | list:
    """kind, code: as the search answers them (a former commune comes with today's commune code)."""
    if kind == "council":
        return council_card(api().council(code), lang)
    if kind in ("commune", "arrondissement", "ancienne"):
        return html.Div(lookup_card(api().lookup(commune=code), lang), id="place-card")
    if kind in ("departement", "region", "epci"):
        s = api().summary(kind, code)
        return html.Div([html.H3(f"{s['nom']} ({code})"),
                         html.P(f"{t('kpi_active', lang)} : {number(s['councils']['actif'], lang=lang)} · "
                                f"{t('kpi_planned', lang)} : {number(s['councils']['en_projet'], lang=lang)}"),
                         html.P(f"{t('kpi_population', lang)} : {number(s['population']['covered'], lang=lang)} "
                                f"({percent(s['population']['share'], lang=lang)})"),
                         html.P(f"{t('kpi_qpv_covered', lang)} : {number(s['qpv']['couvert']['count'], lang=lang)} / "
                                f"{number(s['qpv']['total'], lang=lang)}"),
                         html.P(profile_link(kind, code, t("territory_profile", lang), lang))], id="place-card")
    return html.Div([html.H3(f"{t('kind_' + kind, lang)} {code}"), html.P(t("in_view", lang) + " ↓")],
                    id="place-card")


def profile_link(level: str, code: str, text: str, lang: str) -> dcc.Link:
    """The territory profile of a région, département or EPCI (dashboard/pages/territoire.py)."""
    suffix = "&lang=en" if lang == "en" else ""
    return dcc.Link(text, href=f"/territoire?level={level}&code={code}{suffix}", className="inline-link")


def lookup_card(found: dict, lang: str) -> list:
    """A /lookup answer: the arrondissement itself when the place is one (13213 is Marseille 13e)."""
    place = found.get("arrondissement") or found["commune"]
    lines = [html.H3(f"{place['nom']} ({place['code']}) — {number(place['population'], lang=lang)} "
                     f"{t('inhabitants', lang)}")]
    if found.get("arrondissement"):
        lines.append(html.P(f"{t('kind_arrondissement', lang)} — {found['commune']['nom']} "
                            f"({found['commune']['code']})"))
    epci, departement, region = found["epci"], found["departement"], found["region"]
    lines += [html.P(["EPCI : ", profile_link("epci", epci["code"], epci["nom"], lang) if epci else "–"]),
              html.P([f"{t('departement', lang)} : ",
                      profile_link("departement", departement["code"], departement["nom"], lang),
                      f" · {t('region', lang)} : ", profile_link("region", region["code"], region["nom"], lang)])]
    active = found["councils_active"]
    suffix = "?lang=en" if lang == "en" else ""
    links = lambda councils: [dcc.Link(c["name"], href=f"/annuaire/{c['id']}{suffix}", className="inline-link")  # noqa: E731
                              for c in councils]
    lines.append(html.P([html.Strong(f"{t('covered_by', lang)} : ")] + _joined(links(active))) if active
                 else html.P(t("no_council", lang), className="no-council"))
    if found["councils_planned"]:
        lines.append(html.P([html.Strong(f"{t('en_projet', lang)} : ")] + _joined(links(found["councils_planned"]))))
    if found.get("nearest_active"):
        n = found["nearest_active"]
        lines.append(html.P(f"{t('nearest', lang)} : {n['name']} ({number(n['distance_km'], 1, lang)} km)"))
    if found.get("qpv"):
        lines.append(html.P(f"QPV : {found['qpv']['nom']} ({t(found['qpv']['status'], lang)})"))
    nearby = found.get("qpv_in_place") or []
    if nearby:
        lines.append(html.Details([html.Summary(f"QPV ({number(len(nearby), lang=lang)})"), html.Ul([
            html.Li(f"{q['nom']} — {t(q['status'], lang)}" + (f" · {t('prevu', lang)}" if q.get("prevu") else ""))
            for q in nearby])], open=len(nearby) <= 5))
    return lines


def _joined(items: list) -> list:
    out = []
    for i, item in enumerate(items):
        out += ([", "] if i else []) + [item]
    return out


def council_card(council: dict, lang: str) -> html.Div:
    """A council clicked on the map or found by the search."""
    territory = ", ".join(u["nom"] for u in council["territory"][:12]) + ("…" if len(council["territory"]) > 12 else "")
    budget = euros(council["budget_eur"], lang)
    return html.Div([
        html.H3(council["name"]),
        html.P(f"{t(council['status'], lang)} · {label_or('scale_' + council['scale'], council['scale'], lang)} · "
               f"{number(council['population'], lang=lang)} {t('inhabitants', lang)}"),
        html.P(f"{t('territory', lang)} : {territory}"),
        html.P(f"{t('fte', lang)} : {decimal(council['fte'], 2, lang)} · {t('budget', lang)} : {budget}"),
        html.P(f"{t('funding', lang)} : " + ", ".join(label_or("funding_" + s, s, lang)
                                                     for s in council["funding_sources"])),
        html.P(f"{t('history', lang)} : " + " → ".join(f"{t(h['status'], lang)} ({day(h['from_date'], lang)})"
                                                      for h in council["status_history"])),
        dcc.Link("→ " + t("card", lang), href=f"/annuaire/{council['id']}" + ("?lang=en" if lang == "en" else "")),
    ])
