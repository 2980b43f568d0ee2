"""The council page's editing forms (issue 7, editors and admins): field edits and status changes.
Every write carries the ETag read with the private fields (If-Match): a 412 means someone else saved
in between, and the user's input stays in the form."""
from datetime import date

import dash
from dash import Input, Output, State, ctx, dcc, html

from core import council_fields
from core.models import CARRIER_TYPES, COUNCIL_STATUSES, FUNDING_SOURCES, TERRITORY_SCALES
from dashboard import session
from dashboard.client import ApiError
from dashboard.components import refusal_box
from dashboard.council_view import private_panel, public_card
from dashboard.i18n import label_or, lang_of, t

SCALARS = tuple(council_fields.names(in_form=True))  # the spec's in_form fields, in its order
TEXTS = tuple(f.name for f in council_fields.fields(in_form=True) if f.kind == "text")
LISTS = ("communes", "epci", "funding")
FIELDS = SCALARS + LISTS


# --- the edit form: text fields show lists as "a, b"; funding lines as "source;year;amount" per line
def form_values(c: dict) -> dict:
    territory = c["territory"]
    return {**{k: (c.get(k) or "") if k in TEXTS else c.get(k) for k in SCALARS},
            "communes": ", ".join(x["code"] for x in territory if not x["via_epci"]),
            "epci": ", ".join(sorted({x["via_epci"] for x in territory if x["via_epci"]})),
            "funding": "\n".join(f"{f['source']};{f['year']};{_amount(f['amount_eur'])}" for f in c["funding"])}


def _amount(value: float) -> str:
    """12345.67 -> '12345.67', 60000.0 -> '60000' (to the cent: never rounds a line that is sent back)."""
    return f"{value:.2f}".removesuffix(".00")


def codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").replace(";", ",").replace("\n", ",").split(",") if c.strip()]


def _funding(text: str | None) -> list[dict]:
    lines = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            source, year, amount = parts
            for space in (" ", "\u202f", "\xa0"):
                amount = amount.replace(space, "")
            lines.append({"source": source, "year": int(year), "amount_eur": float(amount.replace(",", "."))})
        except ValueError:
            raise ValueError(n) from None
    return lines


def changes(original: dict, current: dict) -> dict:
    """Only what the user changed (a PATCH replaces what it names; the audit then shows just that).
    Raises ValueError(line number) for an unreadable funding line."""
    out = {k: (current[k] if current[k] != "" else None) for k in SCALARS if current[k] != original[k]}
    if current["communes"] != original["communes"] or current["epci"] != original["epci"]:
        out["communes"], out["epci"] = codes(current["communes"]), codes(current["epci"])
    if current["funding"] != original["funding"]:
        out["funding"] = _funding(current["funding"])
    return out


def _field(key: str, lang: str, control) -> html.Div:
    text = label_or("edit_" + key, council_fields.label(key, lang) if key in SCALARS else key, lang)
    return html.Div([html.Label(text, htmlFor=f"e-{key}"), control])


def _options(values) -> list[dict]:
    return [{"label": x, "value": x} for x in values]


# Fields with a control of their own; any other in_form field gets one by its kind (_control).
CONTROLS = {
    "scale": lambda v: dcc.Dropdown(id="e-scale", value=v, options=_options(TERRITORY_SCALES), clearable=False),
    "carrier_type": lambda v: dcc.Dropdown(id="e-carrier_type", value=v, options=_options(CARRIER_TYPES)),
    "fte": lambda v: dcc.Input(id="e-fte", value=v, type="number", min=0, max=10, step="any"),
    "budget_eur": lambda v: dcc.Input(id="e-budget_eur", value=v, type="number", min=0, step="any"),
}


def _control(key: str, value):
    if key in CONTROLS:
        return CONTROLS[key](value)
    numeric = council_fields.get(key).kind in ("number", "integer")
    return dcc.Input(id=f"e-{key}", value=value, type="number" if numeric else "text",
                     **({"step": "any"} if numeric else {}))


def edit_forms(c: dict, lang: str) -> html.Div:
    v = form_values(c)
    return html.Div([
        html.H3(t("edit_title", lang)),
        html.Div([
            *(_field(k, lang, _control(k, v[k])) for k in SCALARS),
            _field("communes", lang, dcc.Textarea(id="e-communes", value=v["communes"], rows=2)),
            _field("epci", lang, dcc.Textarea(id="e-epci", value=v["epci"], rows=2)),
            _field("funding", lang, dcc.Textarea(id="e-funding", value=v["funding"], rows=4,
                                                 placeholder="ars;2024;12000")),
        ], className="form-grid"),
        html.P(t("funding_help", lang) + " " + ", ".join(FUNDING_SOURCES), className="kpi-note"),
        html.Button(t("save", lang), id="e-save", className="button"),
        html.H3(t("status_change_title", lang)),
        html.Div([
            html.Div([html.Label(t("status", lang), htmlFor="st-status"),
                      dcc.Dropdown(id="st-status", value=c["status"], clearable=False,
                                   options=[{"label": t(s, lang), "value": s} for s in COUNCIL_STATUSES])]),
            html.Div([html.Label(t("status_from", lang), htmlFor="st-date"),
                      dcc.Input(id="st-date", value=date.today().isoformat(), type="text", placeholder="AAAA-MM-JJ")]),
            html.Div([html.Label(t("note", lang), htmlFor="st-note"), dcc.Input(id="st-note", type="text")]),
            html.Button(t("change_status", lang), id="st-save", className="button"),
        ], className="filters"),
        dcc.Store(id="fiche-original", data=v),
    ], className="card", id="edit-forms")


def _message(text: str, ok: bool = False) -> html.Div:
    return html.Div(text, className="fr-success" if ok else "fr-alert", role="status" if ok else "alert",
                    id="fiche-result")


def write_error(exc: ApiError, council_id: str, lang: str):
    if exc.status == 412:
        suffix = "?lang=en" if lang == "en" else ""
        return html.Div([t("changed_meanwhile", lang) + " ",
                         html.A(t("reload", lang), href=f"/annuaire/{council_id}{suffix}")],
                        className="fr-alert", role="alert", id="fiche-result")
    if exc.status == 401:
        return _message(t("session_expired", lang))
    return html.Div(refusal_box(exc, lang), id="fiche-result")


# Registered by pages/fiche.py: Dash executes page modules afresh for each app, not this one.
SAVE_CALLBACK = [Output("fiche-message", "children"), Output("fiche-etag", "data"), Output("fiche-original", "data"),
                 Output("fiche-public", "children"), Output("fiche-private", "children"),
                 Input("e-save", "n_clicks"), Input("st-save", "n_clicks"),
                 *[State(f"e-{k}", "value") for k in FIELDS],
                 State("st-status", "value"), State("st-date", "value"), State("st-note", "value"),
                 State("fiche-id", "data"), State("fiche-etag", "data"), State("fiche-original", "data"),
                 State("url", "search")]


def save(_, __, *values):
    return write("status" if ctx.triggered_id == "st-save" else "fields", *values)


def write(kind: str, *values):
    """kind 'fields': PATCH what changed in the edit form; 'status': append the status change."""
    *fields, status, from_date, note, council_id, etag, original, search = values
    lang, unchanged = lang_of(search), (dash.no_update,) * 4
    client = session.user_api() if session.can_edit(session.current_user()) else None
    if client is None:
        return (_message(t("sign_in_to_edit", lang)), *unchanged)
    current = dict(zip(FIELDS, fields))
    current.update({k: current[k] or "" for k in (*TEXTS, *LISTS)})
    try:
        if kind == "status":
            council, new_etag = client.change_status(council_id, status, (from_date or "").strip(), note, etag)
        else:
            try:
                body = changes(original, current)
            except ValueError as line:
                return (_message(t("funding_unreadable", lang).format(line=line)), *unchanged)
            if not body:
                return (_message(t("nothing_changed", lang)), *unchanged)
            council, new_etag = client.update_council(council_id, body, etag)
        public = client.council(council_id)  # signed-in reads skip the API's cache: the fresh values
    except ApiError as exc:
        return (write_error(exc, council_id, lang), *unchanged)
    return (_message(t("saved", lang), ok=True), new_etag, form_values(council), public_card(public, lang),
            private_panel(council, lang))
