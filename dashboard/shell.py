"""The frame around every page: header (title, search, menu, account, language), demo notice and
footer. Built by the first view (dashboard/first_view.py) and again by a callback on each navigation."""
from urllib.parse import parse_qs, urlencode

from dash import dcc, html

from dashboard import context, session
from dashboard.client import ApiError
from dashboard.i18n import lang_of, t
from dashboard.search_box import search_box

NAV = [("nav_map", "/"), ("nav_overview", "/vue-ensemble"), ("nav_evolution", "/evolution"),
       ("nav_rural", "/ruralite"), ("nav_priorities", "/priorites"), ("nav_directory", "/annuaire"),
       ("nav_lookup", "/recherche"), ("nav_data", "/donnees")]
NAV_BY_ROLE = {"editor": [("nav_import", "/import")],
               "admin": [("nav_import", "/import"), ("nav_audit", "/journal"), ("nav_users", "/utilisateurs")]}


def with_lang(path: str, search: str, lang: str) -> str:
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    return f"{path}?{urlencode(query)}"


def account(user: dict | None, pathname: str, lang: str) -> list:
    """Right of the header: 'Se connecter', or who is signed in, their role and a sign-out button."""
    suffix = "?lang=en" if lang == "en" else ""
    if user is None:
        back = "" if pathname in (None, "/", "/connexion") else ("&" if suffix else "?") + urlencode({"next": pathname})
        return [html.A(t("sign_in", lang), href=f"/connexion{suffix}{back}", id="sign-in-link")]
    return [
        html.Span([html.Strong(user["username"]), f" · {t('role_' + user['role'], lang)}"
                   + (f" {user['region_code']}" if user["region_code"] else "")], id="signed-in-user"),
        html.Form(html.Button(t("sign_out", lang), type="submit", className="link-button", id="sign-out"),
                  method="post", action="/deconnexion" + suffix),
    ]


def page_titles() -> dict:
    """Tab titles by path, in both languages: Dash pages set the French one, setLang the right one."""
    return {href: [f"CLSM — {t(key, 'fr').lower()}", f"CLSM — {t(key, 'en').lower()}"]
            for key, href in NAV + NAV_BY_ROLE["admin"] + [("sign_in_title", "/connexion")]}


def header(pathname: str, search: str, lang: str, user: dict | None = None) -> list:
    suffix = "?lang=en" if lang == "en" else ""
    entries = NAV + NAV_BY_ROLE.get(user["role"] if user else "", [])
    nav = html.Nav([dcc.Link(t(key, lang), href=href + suffix, className="nav-link active" if pathname == href
                             else "nav-link") for key, href in entries], id="site-nav", className="site-nav",
                   **{"aria-label": t("menu", lang)})
    # A plain link (full reload): the filters kept in the query string by syncQuery travel with it.
    toggle = html.A(t("switch_lang", lang), id="lang-toggle", className="lang-toggle",
                    lang="en" if lang == "fr" else "fr",
                    href=with_lang(pathname or "/", search, "fr" if lang == "en" else "en"))
    mark = [html.Span(context.brand(), className="marianne")] if context.brand() else []
    menu = html.Button(t("open_menu", lang), id="menu-toggle", className="menu-toggle", type="button",
                       **{"aria-expanded": "false", "aria-controls": "site-nav"})
    home = dcc.Link(html.H1(t("title", lang)), href="/" + suffix, className="brand-link")
    return [html.Div(mark + [home], className="brand"), menu, search_box(lang), nav,
            html.Div(account(user, pathname, lang) + [toggle], className="account")]


def demo_notice(lang: str) -> html.Details:
    """One line on a phone; the full text one tap away."""
    return html.Details([html.Summary(t("show_demo", lang)), html.P(t("demo_banner", lang))],
                        id="demo-notice", className="demo-banner", role="note")


def parts(pathname: str, search: str) -> tuple:
    """(header, demo notice or alert, footer, lang, skip link's text) of the page at this address."""
    lang = lang_of(search)
    top = header(pathname, search, lang, session.current_user())
    try:
        health = context.api().health()
    except ApiError as exc:
        alert = html.Div(f"{t('error', lang)} — {exc.title}: {exc.detail}", className="fr-alert", role="alert")
        return top, alert, "", lang, t("skip", lang)
    banner = demo_notice(lang) if health["demo_data"] else None
    footer = html.Small(f"{t('source_note', lang)} {health['data_version']}.")
    return top, banner, footer, lang, t("skip", lang)
