"""Journal (admins): the audit log of every write, newest first, with a CSV export. The export goes
through the dashboard (it needs the admin's token, which the browser never holds)."""
import json

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import error_box, sign_in_needed
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/journal", title="CLSM — journal des modifications", name="Journal")
COLUMNS = ("at", "username", "role", "action", "entity", "entity_id", "before", "after")


def is_admin() -> bool:
    user = session.current_user()
    return bool(user) and user["role"] == "admin"


def layout(lang: str = "fr", entity_id: str = "", **_) -> html.Div:
    if not is_admin():
        return sign_in_needed(lang, "/journal")
    return html.Div([
        html.H2(t("audit_title", lang)),
        html.Div([
            html.Div([html.Label(t("audit_entity_id", lang), htmlFor="j-entity-id"),
                      dcc.Input(id="j-entity-id", value=entity_id, type="search", debounce=True)]),
            html.Button(t("download_csv", lang), id="j-download-btn", className="button"),
            dcc.Download(id="j-download"),
        ], className="filters"),
        html.Div(id="j-error"),
        dag.AgGrid(id="j-grid", rowData=[], style={"height": "65vh"},
                   columnDefs=[{"field": c, "headerName": t("audit_" + c, lang), "wrapText": c in ("before", "after"),
                                "flex": 2 if c in ("before", "after") else 1} for c in COLUMNS],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"pagination": True, "paginationPageSize": 50}),
    ])


@callback(Output("j-grid", "rowData"), Output("j-error", "children"), Input("j-entity-id", "value"),
          State("url", "search"))
def events(entity_id, search):
    lang = lang_of(search)
    if not is_admin():
        return [], sign_in_needed(lang, "/journal")
    try:
        items = session.user_api().audit(limit=1000, entity_id=(entity_id or "").strip() or None)["items"]
    except ApiError as exc:
        return [], error_box(exc, lang)
    as_text = lambda v: "" if v is None else json.dumps(v, ensure_ascii=False)  # noqa: E731
    return [{**e, "before": as_text(e["before"]), "after": as_text(e["after"])} for e in items], None


@callback(Output("j-download", "data"), Input("j-download-btn", "n_clicks"), State("j-entity-id", "value"),
          prevent_initial_call=True)
def download(_, entity_id):
    if not is_admin():
        return dash.no_update
    try:
        content = session.user_api().audit_csv(entity_id=(entity_id or "").strip() or None)
    except ApiError:
        return dash.no_update
    return {"content": content, "filename": "clsm-audit.csv", "type": "text/csv"}
