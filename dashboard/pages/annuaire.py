"""Annuaire: searchable, sortable table of councils."""
import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import error_box, query_sync
from dashboard.context import api
from dashboard.formatting import grid_date, grid_number, grid_options
from dashboard.i18n import label_or, lang_of, t

dash.register_page(__name__, path="/annuaire", title="CLSM — annuaire", name="Annuaire")
STATUSES = ("actif", "en_projet", "en_sommeil", "arrete")
SYNC = query_sync("directory", {"q": ("a-q", "value"), "status": ("a-status", "value")})


def layout(lang: str = "fr", q: str = "", status: str | None = None, id: str | None = None, **_) -> html.Div:
    if id:  # /annuaire?id=CLSM-0001 is the same card as /annuaire/CLSM-0001
        # The card page as this app loaded it: importing it again would register its callbacks twice.
        card = next(p["layout"] for p in dash.page_registry.values()
                    if p.get("path_template") == "/annuaire/<council_id>")
        return card(council_id=id, lang=lang)
    columns = [{"field": "name", "headerName": t("name", lang), "cellRenderer": "markdown", "minWidth": 300,
                "flex": 3, "pinned": "left", "wrapText": True, "autoHeight": True},
               {"field": "status", "headerName": t("status", lang), "minWidth": 120},
               {"field": "scale", "headerName": t("scale", lang), "minWidth": 140},
               {"field": "region_nom", "headerName": t("region", lang), "minWidth": 180},
               {"field": "population", "headerName": t("population", lang), "type": "numericColumn",
                "valueFormatter": grid_number(lang), "filter": "agNumberColumnFilter", "minWidth": 120},
               {"field": "fte", "headerName": t("fte", lang), "type": "numericColumn",
                "valueFormatter": grid_number(lang, 2), "filter": "agNumberColumnFilter", "minWidth": 90},
               {"field": "created_on", "headerName": t("created", lang), "valueFormatter": grid_date(lang),
                "minWidth": 110},
               {"field": "id", "headerName": t("code", lang).capitalize(), "minWidth": 110}]
    suffix = "?lang=en" if lang == "en" else ""
    new = dcc.Link("+ " + t("new_council", lang), href="/nouveau-clsm" + suffix, className="button",
                   id="new-council-link") if session.can_edit(session.current_user()) else None
    return html.Div([
        html.Div([
            html.Div([html.Label(t("search", lang), htmlFor="a-q"), dcc.Input(id="a-q", value=q, type="search",
                                                                               debounce=True)]),
            html.Div([html.Label(t("status", lang), htmlFor="a-status"),
                      dcc.Dropdown(id="a-status", value=status, options=[{"label": t(s, lang), "value": s}
                                                                       for s in STATUSES])]),
            new,
        ], className="filters"),
        html.Div(id="a-error"),
        dag.AgGrid(id="a-grid", columnDefs=columns, rowData=[], style={"height": "65vh"},
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions=grid_options(lang)),
        SYNC,
    ])


@callback(Output("a-grid", "rowData"), Output("a-error", "children"), Input("a-q", "value"),
          Input("a-status", "value"), State("url", "search"))
def rows(q, status, search):
    lang = lang_of(search)
    try:
        items = api().councils(q=q if q and len(q) >= 2 else None, status=status)["items"]
    except ApiError as exc:
        return [], error_box(exc, lang)
    return [directory_row(c, lang) for c in items], None


def directory_row(c: dict, lang: str) -> dict:
    """Labels instead of codes (status, scale); the name links to the card."""
    suffix = "?lang=en" if lang == "en" else ""
    name = c["name"].replace("[", "(").replace("]", ")")
    return {**c, "name": f"[{name}](/annuaire/{c['id']}{suffix})", "status": t(c["status"], lang),
            "scale": label_or(f"scale_{c['scale']}", c["scale"], lang)}
