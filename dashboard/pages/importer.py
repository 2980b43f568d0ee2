"""Import (editors, admins): upload a register spreadsheet to the API's importer and show its report.
By default nothing is loaded when a row is invalid; the report lists every problem (file, row,
column, value, reason), which can be downloaded to fix the file."""
import base64

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import csv_download, refusal_box, sign_in_needed, table
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/import", title="CLSM — import du registre", name="Import")
PROBLEM_COLUMNS = ("file", "row", "column", "value", "reason")
MAX_BYTES = 5 * 1024 * 1024  # the API's default CLSM_MAX_UPLOAD_BYTES; it checks its own setting again


def layout(lang: str = "fr", **_) -> html.Div:
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/import")
    return html.Div([
        html.H2(t("import_title", lang)),
        html.P(t("import_help", lang)),
        dcc.Upload(html.Div([t("upload_drop", lang), html.Br(), html.Span(id="u-filename")]), id="u-file",
                   accept=".csv,.xlsx", max_size=MAX_BYTES, className="upload-zone", multiple=False),
        dcc.Checklist(id="u-skip", options=[{"label": " " + t("skip_invalid", lang), "value": "skip"}], value=[]),
        html.Button(t("send_file", lang), id="u-send", className="button"),
        dcc.Loading(html.Div(id="u-report", **{"aria-live": "polite"})),
        html.Button(t("download_problems", lang), id="u-download-btn", className="button", hidden=True),
        dcc.Download(id="u-download"), dcc.Store(id="u-problems"),
    ])


@callback(Output("u-filename", "children"), Input("u-file", "filename"))
def chosen(filename):
    return filename or ""


def report(answer: dict | None, problems: list[dict], lang: str, detail: str = "") -> html.Div:
    """The importer's answer: counts when something was loaded, else why not; problems and warnings."""
    if answer is None:
        head = html.Div([html.Strong(t("nothing_loaded", lang)), f" {detail}"], className="fr-alert", role="alert")
    else:
        head = html.Div([html.Strong(t("import_done", lang)), html.Ul([
            html.Li(f"{t('rows_loaded', lang)} : {answer['loaded']}"),
            html.Li(f"{t('rows_rejected', lang)} : {answer['rejected']}"),
            html.Li(f"{t('councils_inserted', lang)} : {len(answer['inserted'])} {', '.join(answer['inserted'])}"),
            html.Li(f"{t('councils_updated', lang)} : {len(answer['updated'])}"),
        ])], className="fr-success", role="status")
    headers = [(c, t("problem_" + c, lang)) for c in PROBLEM_COLUMNS]
    warnings = (answer or {}).get("warnings") or []
    return html.Div([
        head,
        table(headers, problems, f"{t('problems', lang)} ({len(problems)})") if problems else None,
        table(headers, warnings, f"{t('warnings', lang)} ({len(warnings)})") if warnings else None,
    ], id="import-report")


@callback(Output("u-report", "children"), Output("u-problems", "data"), Output("u-download-btn", "hidden"),
          Input("u-send", "n_clicks"), State("u-file", "contents"), State("u-file", "filename"),
          State("u-skip", "value"), State("url", "search"), prevent_initial_call=True)
def send(_, contents, filename, skip, search):
    lang = lang_of(search)
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/import"), None, True
    if not contents or not filename:
        return html.Div(t("choose_file", lang), className="fr-alert", role="alert"), None, True
    data = base64.b64decode(contents.split(",", 1)[1])
    try:
        answer = session.user_api().upload_register(filename, data, skip_invalid="skip" in (skip or []))
    except ApiError as exc:
        if exc.status == 422 and exc.errors and "row" in exc.errors[0]:
            problems = named(exc.errors, filename)
            return report(None, problems, lang, t("fix_or_skip", lang)), problems, False
        return refusal_box(exc, lang), None, True
    answer = {**answer, "warnings": named(answer["warnings"], filename)}
    problems = named(answer["errors"], filename)
    return report(answer, problems, lang), problems, not problems


def named(problems: list[dict], filename: str) -> list[dict]:
    """The API's importer names the temporary copy it read (register.csv); show the user's file name."""
    return [{**p, "file": filename} for p in problems]


@callback(Output("u-download", "data"), Input("u-download-btn", "n_clicks"), State("u-problems", "data"),
          prevent_initial_call=True)
def download(_, problems):
    return csv_download(problems, list(PROBLEM_COLUMNS), "import_problemes.csv")
