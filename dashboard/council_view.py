"""A council's card: the public part (everyone) and the private panel (ARS of its région, national
centre): contacts and budget lines."""
from dash import html

from core import council_fields
from dashboard.components import number, percent, table
from dashboard.formatting import day, decimal, euros
from dashboard.i18n import label_or, t

# Public fields this card shows in its own layout, or leaves to the private panel and the edit
# form; any other public field of the spec is listed under the summary with its label.
LAID_OUT = {"id", "name", "status", "scale", "region_code", "departement_code", "created_on", "created_on_precision",
            "carrier_type", "carrier_name", "fte", "budget_eur", "governance", "themes", "demo", "source",
            "updated_on", "quality_score", "revision"}


def _value(kind: str, value, lang: str) -> str:
    if value in (None, "", []):
        return "–"
    if kind == "date":
        return day(value, lang)
    if kind == "list":
        return ", ".join(value)
    if kind in ("number", "integer"):
        return decimal(value, 2, lang)
    if kind == "boolean":
        return t("yes" if value else "no", lang)
    return str(value)


def other_fields(c: dict, lang: str) -> list:
    """The public fields the layout does not place, as « label : value » lines."""
    return [html.P([html.Strong(council_fields.label(f.name, lang) + " : "), _value(f.kind, c.get(f.name), lang)],
                   className="fiche-field") for f in council_fields.fields(public=True) if f.name not in LAID_OUT]


def public_card(c: dict, lang: str) -> list:
    return [
        html.H2(c["name"]),
        html.P(f"{t(c['status'], lang)} · {label_or('scale_' + c['scale'], c['scale'], lang)} · {c['region_nom']} · "
               f"{number(c['population'], lang=lang)} {t('inhabitants', lang)} · {t('fte', lang)} "
               f"{decimal(c['fte'], 2, lang)} · {t('budget', lang)} {euros(c['budget_eur'], lang)} · "
               f"{t('quality', lang)} {number(c['quality_score'], 2, lang)}", id="fiche-summary"),
        *other_fields(c, lang),
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
