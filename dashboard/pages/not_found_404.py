"""The page for an unknown address, in both languages (the address may not carry ?lang=)."""
import dash
from dash import dcc, html

from dashboard.i18n import t

dash.register_page(__name__, path="/404", title="CLSM — page introuvable / page not found")


def layout(**_) -> html.Div:
    return html.Div([
        html.H2(t("not_found_title", "fr")), html.P(t("not_found_text", "fr")), dcc.Link(t("home", "fr"), href="/"),
        html.Div([html.H2(t("not_found_title", "en")), html.P(t("not_found_text", "en")),
                  dcc.Link(t("home", "en"), href="/?lang=en")], lang="en"),
    ], id="not-found")
