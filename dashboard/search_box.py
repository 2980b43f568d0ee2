"""The header's place search: type a name, pick a result, the map zooms to it and opens its card.

Results are plain links (keyboard: Tab through them, Enter follows) to the map with the place in the
query string (/?place=kind:code&bbox=w,s,e,n), so a found place is also a shareable address."""
from urllib.parse import urlencode

import dash
from dash import Input, Output, State, dcc, html

from dashboard import context
from dashboard.client import ApiError
from dashboard.i18n import lang_of, t


def search_box(lang: str) -> html.Div:
    return html.Div([
        html.Label(t("place_search", lang), htmlFor="place-q", className="visually-hidden"),
        dcc.Input(id="place-q", type="search", debounce=0.25, placeholder=t("place_search_hint", lang),
                  autoComplete="off", className="place-input", minLength=2),
        html.Div(id="place-results", className="place-results", **{"aria-live": "polite"}),
    ], className="place-search", role="search")


def place_href(item: dict, lang: str) -> str:
    query = {"place": f"{item['kind']}:{item['code']}"}
    if item.get("bbox"):
        query["bbox"] = ",".join(str(v) for v in item["bbox"])
    if lang == "en":
        query["lang"] = "en"
    return "/?" + urlencode(query)


def results(items: list[dict], lang: str) -> html.Ul:
    return html.Ul([html.Li(dcc.Link([html.Strong(i["label"]), html.Span(
        f" · {t('kind_' + i['kind'], lang)}" + (f" · {i['context']}" if i.get("context") else ""),
        className="place-context")], href=place_href(i, lang), className="place-result"))
        for i in items], className="place-list")


def register_search_callbacks(app: dash.Dash) -> None:
    @app.callback(Output("place-results", "children"), Input("place-q", "value"), State("url", "search"),
                  prevent_initial_call=True)
    def suggest(q, search):
        lang = lang_of(search)
        if not q or len(q.strip()) < 2:
            return None
        try:
            items = context.api().search(q.strip(), limit=8)["items"]
        except ApiError as exc:
            return html.P(f"{t('error', lang)} — {exc.detail}", className="place-empty")
        return results(items, lang) if items else html.P(t("no_match", lang), className="place-empty")
