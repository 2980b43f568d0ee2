"""A council's card: the public part (everyone) and the private panel (ARS of its région, national
centre): contacts and budget lines."""
from dash import html

from dashboard.components import number, percent, table
from dashboard.formatting import day, decimal, euros
from dashboard.i18n import label_or, t


def public_card(c: dict, lang: str) -> list:
    return [
        html.H2(c["name"]),
        html.P(f"{t(c['status'], lang)} · {label_or('scale_' + c['scale'], c['scale'], lang)} · {c['region_nom']} · "
               f"{number(c['population'], lang=lang)} {t('inhabitants', lang)} · {t('fte', lang)} "
               f"{decimal(c['fte'], 2, lang)} · {t('budget', lang)} {euros(c['budget_eur'], lang)} · "
               f"{t('quality', lang)} {number(c['quality_score'], 2, lang)}", id="fiche-summary"),
        html.Div([
            table([("code", "INSEE"), ("nom", t("name", lang)), ("type", t("type", lang)),
                   ("population", t("population", lang))],
                  c["territory"], t("territory", lang), lang),
            html.Div([
                html.P([html.Strong(t("funding", lang) + " : "),
                        ", ".join(label_or("funding_" + s, s, lang) for s in c["funding_sources"])]),
                table([("status", t("status", lang)), ("from_date", t("date", lang)), ("note", t("note", lang))],
                      [{**h, "status": t(h["status"], lang), "from_date": day(h["from_date"], lang)}
                       for h in c["status_history"]], t("history", lang), lang),
                table([("code", "QPV"), ("nom", t("name", lang)), ("share", t("share", lang))],
                      [{**q, "share": percent(q.get("share"), lang)} for q in c["qpv"]], "QPV", lang),
            ], id="fiche-history"),
        ], className="grid-2"),
    ]


def private_panel(c: dict, lang: str) -> html.Div:
    contacts = [{**x, "email": x.get("email") or ""} for x in c["contacts"]]
    funding = [{**f, "source": label_or("funding_" + f["source"], f["source"], lang), "year": str(f["year"])}
               for f in c["funding"]]  # a year, not a quantity: no thousands separator
    return html.Div([
        html.H3(t("private_title", lang)),
        html.P(t("private_note", lang), className="kpi-note"),
        html.P(f"{t('carrier', lang)} : {c.get('carrier_name') or '–'} · {c.get('carrier_type') or '–'} · "
               f"{t('fte', lang)} {decimal(c['fte'], 2, lang)} · {t('budget', lang)} "
               f"{euros(c['budget_eur'], lang)}", id="private-summary"),
        table([("name", t("name", lang)), ("role", t("contact_role", lang)), ("email", "e-mail"),
               ("phone", t("phone", lang))], contacts, t("contacts", lang)),
        table([("source", t("source", lang)), ("year", t("year", lang)), ("amount_eur", t("amount", lang))],
              funding, t("budget_lines", lang)),
    ], className="card", id="private-panel")
