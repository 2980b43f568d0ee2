"""A council's card: the public part (everyone) and the private panel (ARS of its région, national
centre): contacts and budget lines."""
from dash import html

from dashboard.components import number, table
from dashboard.i18n import label_or, t


def public_card(c: dict, lang: str) -> list:
    return [
        html.H2(c["name"]),
        html.P(f"{t(c['status'], lang)} · {c['scale']} · {c['region_nom']} · {number(c['population'])} "
               f"{t('inhabitants', lang)} · {t('fte', lang)} {c['fte']} · {t('budget', lang)} "
               f"{number(c['budget_eur'])} € · {t('quality', lang)} {c['quality_score']}", id="fiche-summary"),
        html.Div([
            table([("code", "INSEE"), ("nom", t("name", lang)), ("type", t("type", lang)), ("population", t("population", lang))],
                  c["territory"], t("territory", lang)),
            html.Div([
                html.P([html.Strong(t("funding", lang) + " : "),
                        ", ".join(label_or("funding_" + s, s, lang) for s in c["funding_sources"])]),
                table([("status", t("status", lang)), ("from_date", t("date", lang)), ("note", t("note", lang))],
                      [{**h, "status": t(h["status"], lang)} for h in c["status_history"]],
                      t("history", lang)),
                table([("code", "QPV"), ("nom", t("name", lang)), ("share", t("share", lang))], c["qpv"], "QPV"),
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
               f"{t('fte', lang)} {c['fte'] if c['fte'] is not None else '–'} · {t('budget', lang)} "
               f"{number(c['budget_eur'])} €", id="private-summary"),
        table([("name", t("name", lang)), ("role", t("contact_role", lang)), ("email", "e-mail"),
               ("phone", t("phone", lang))], contacts, t("contacts", lang)),
        table([("source", t("source", lang)), ("year", t("year", lang)), ("amount_eur", t("amount", lang))],
              funding, t("budget_lines", lang)),
    ], className="card", id="private-panel")
