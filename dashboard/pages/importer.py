"""Import (editors, admins): a conversation with the person who owns the file. The first step is a
preview (nothing is loaded): what loading would do (new, updated field by field, archived, kept,
unchanged councils), every problem and warning, the rows that are not councils. Loading is then a
confirmation of that exact preview (the file's SHA-256). Columns the importer does not recognise
can be mapped (label=column lines, the CLI's --map) and saved under a profile name. Editors can
restore the councils an import archived; admins can undo the last import."""
import base64

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import csv_download, refusal_box, sign_in_needed, table
from dashboard.i18n import lang_of, t
from etl.register_format import columns as register_columns

dash.register_page(__name__, path="/import", title="CLSM — import du registre", name="Import")
PROBLEM_COLUMNS = ("file", "row", "column", "value", "reason")
MAX_BYTES = 5 * 1024 * 1024  # the API's default CLSM_MAX_UPLOAD_BYTES; it checks its own setting again


def layout(lang: str = "fr", **_) -> html.Div:
    user = session.current_user()
    if not session.can_edit(user):
        return sign_in_needed(lang, "/import")
    admin = [html.Button(t("revert_last", lang), id="u-revert", className="button"),
             html.Div(id="u-revert-result", **{"aria-live": "polite"})] if user["role"] == "admin" else []
    return html.Div([
        html.H2(t("import_title", lang)),
        html.P(t("import_help", lang)),
        dcc.Upload(html.Div([t("upload_drop", lang), html.Br(), html.Span(id="u-filename")]), id="u-file",
                   accept=".csv,.xlsx", max_size=MAX_BYTES, className="upload-zone", multiple=False),
        dcc.Checklist(id="u-skip", options=[{"label": " " + t("skip_invalid", lang), "value": "skip"}], value=[]),
        dcc.Checklist(id="u-replace", options=[{"label": " " + t("replace_absent", lang), "value": "replace"}],
                      value=[]),
        html.Label(t("column_mapping", lang), htmlFor="u-mapping"),
        html.P(t("column_mapping_hint", lang), className="hint"),
        dcc.Textarea(id="u-mapping", value="", rows=3, style={"width": "100%"}),
        html.Label(t("mapping_profile", lang), htmlFor="u-profile"),
        dcc.Input(id="u-profile", type="text", value="", maxLength=80, debounce=True),
        html.Br(),
        html.Button(t("preview_file", lang), id="u-send", className="button"),
        dcc.Loading(html.Div(id="u-report", **{"aria-live": "polite"})),
        html.Button(t("download_problems", lang), id="u-download-btn", className="button", hidden=True),
        dcc.Download(id="u-download"), dcc.Store(id="u-problems"),
        dcc.Loading(html.Div(id="u-loaded", **{"aria-live": "polite"})),
        *admin,
        html.H3(t("archived_title", lang)),
        html.Div(archived_section(lang), id="u-archived"),
        html.Div(id="u-restore-result", **{"aria-live": "polite"}),
    ])


def archived_section(lang: str) -> list:
    """The councils imports archived and not yet restored (id, name, revision, date), and the
    dropdown + button that restores one."""
    try:
        answer = session.user_api().register_revisions()
    except ApiError as exc:
        return [refusal_box(exc, lang)]
    dates = {r["id"]: str(r.get("at") or "")[:16].replace("T", " ") for r in answer.get("revisions") or []}
    rows = [{"id": a["council_id"], "name": a["name"], "revision": a["revision_id"],
             "date": dates.get(a["revision_id"], "")} for a in answer.get("archived") or [] if not a.get("restored_at")]
    if not rows:
        return [html.P(t("archived_none", lang))]
    columns = [("id", t("diff_id", lang)), ("name", t("diff_name", lang)),
               ("revision", t("archived_revision", lang)), ("date", t("archived_date", lang))]
    return [table(columns, rows, f"{t('archived_title', lang)} ({len(rows)})", lang),
            html.Label(t("archived_choose", lang), htmlFor="u-restore-id"),
            dcc.Dropdown(id="u-restore-id", options=[{"label": f"{r['id']} — {r['name']}", "value": r["id"]}
                                                     for r in rows]),
            html.Button(t("restore", lang), id="u-restore", className="button")]


def columns_help(warnings: list[dict], errors: list[dict], lang: str) -> html.Div | None:
    """When the importer did not recognise columns (ignored) or missed required ones: name them,
    with the register columns they can be mapped to."""
    unknown = [w["column"] for w in warnings if str(w.get("reason", "")).startswith(("unknown column",
                                                                                      "colonne inconnue"))]
    missing = [e["column"] for e in errors if str(e.get("reason", "")).startswith(("missing column",
                                                                                   "colonne manquante"))]
    if not unknown and not missing:
        return None
    return html.Div([
        html.P([html.Strong(t("unknown_columns", lang) + " : "), ", ".join(unknown)]) if unknown else None,
        html.P([html.Strong(t("missing_columns", lang) + " : "), ", ".join(missing)]) if missing else None,
        html.P([html.Strong(t("register_columns", lang) + " : "), html.Code(", ".join(register_columns()))]),
        html.P(t("column_mapping_hint", lang)),
    ], id="u-columns-help", className="fr-info", role="status")


@callback(Output("u-filename", "children"), Input("u-file", "filename"))
def chosen(filename):
    return filename or ""


def _problem_tables(answer: dict | None, problems: list[dict], lang: str) -> list:
    headers = [(c, t("problem_" + c, lang)) for c in PROBLEM_COLUMNS]
    warnings = (answer or {}).get("warnings") or []
    skipped = (answer or {}).get("skipped") or []
    count = (answer or {}).get("error_count") or len(problems)
    return [table(headers, problems, f"{t('problems', lang)} ({count})") if problems else None,
            table(headers, warnings, f"{t('warnings', lang)} ({len(warnings)})") if warnings else None,
            table(headers, skipped, f"{t('skipped_rows', lang)} ({len(skipped)})") if skipped else None]


def report(answer: dict | None, problems: list[dict], lang: str, detail: str = "") -> html.Div:
    """The importer's answer after a load: counts when something was loaded, else why not; problems."""
    if answer is None:
        head = html.Div([html.Strong(t("nothing_loaded", lang)), f" {detail}"], className="fr-alert", role="alert")
    else:
        head = html.Div([html.Strong(t("import_done", lang)), html.Ul([
            html.Li(f"{t('rows_loaded', lang)} : {answer['loaded']}"),
            html.Li(f"{t('rows_rejected', lang)} : {answer['rejected']}"),
            html.Li(f"{t('councils_inserted', lang)} : {len(answer['inserted'])} {', '.join(answer['inserted'])}"),
            html.Li(f"{t('councils_updated', lang)} : {len(answer['updated'])}"),
            html.Li(f"{t('import_revision', lang)} : {answer['revision']}") if answer.get("revision") else None,
        ])], className="fr-success", role="status")
    help_ = columns_help((answer or {}).get("warnings") or [], problems, lang)
    return html.Div([head, help_, *_problem_tables(answer, problems, lang)], id="import-report")


def _diff_tables(diff: dict, lang: str) -> list:
    col = lambda *keys: [(k, t("diff_" + k, lang)) for k in keys]  # noqa: E731
    updated = [{"id": u["id"], "name": u["name"], "field": f, "before": _short(v["before"]),
                "after": _short(v["after"])} for u in diff["updated"] for f, v in sorted(u["fields"].items())]
    return [
        table(col("id", "name"), diff["new"], f"{t('diff_new', lang)} ({len(diff['new'])})") if diff["new"] else None,
        table(col("id", "name", "field", "before", "after"), updated,
              f"{t('diff_updated', lang)} ({len(diff['updated'])})") if updated else None,
        table(col("id", "name"), diff["removed"], f"{t('diff_removed', lang)} ({len(diff['removed'])})")
        if diff["removed"] else None,
        table([("id", t("diff_id", lang)), ("name", t("diff_name", lang)), ("reason", t("diff_why", lang))],
              diff["kept"], f"{t('diff_kept', lang)} ({len(diff['kept'])})") if diff["kept"] else None,
        html.P(f"{t('diff_unchanged', lang)} : {diff['unchanged']}"),
    ]


def _short(value) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def preview(answer: dict, problems: list[dict], lang: str) -> html.Div:
    """What loading would do, and the button that loads exactly this (unless rows block it)."""
    if answer["blocked"]:
        head = html.Div([html.Strong(t("nothing_loaded", lang)), " ", t("preview_blocked", lang)],
                        className="fr-alert", role="alert")
        action = None
    else:
        head = html.Div(html.Strong(t("preview_title", lang)), className="fr-info", role="status")
        action = html.Button(t("confirm_load", lang), id="u-confirm", value=answer["sha256"], className="button")
    notes = html.Ul([html.Li(n) for n in answer.get("notes") or []]) if answer.get("notes") else None
    help_ = columns_help(answer.get("warnings") or [], problems, lang)
    return html.Div([head, notes, help_, *_diff_tables(answer["diff"], lang), action,
                     *_problem_tables(answer, problems, lang)], id="import-report")


def _upload(search, contents, filename, skip, replace=None, dry_run=True, confirm=None, mapping=None,
            profile=None) -> dict:
    data = base64.b64decode(contents.split(",", 1)[1])
    return session.user_api().import_register(filename, data, skip_invalid="skip" in (skip or []),
                                              replace="replace" in (replace or []), dry_run=dry_run,
                                              confirm=confirm, lang=lang_of(search), mapping=mapping,
                                              profile=profile)


@callback(Output("u-report", "children"), Output("u-problems", "data"), Output("u-download-btn", "hidden"),
          Input("u-send", "n_clicks"), State("u-file", "contents"), State("u-file", "filename"),
          State("u-skip", "value"), State("url", "search"), State("u-replace", "value"), State("u-mapping", "value"),
          State("u-profile", "value"), prevent_initial_call=True)
def send(_, contents, filename, skip, search, replace=None, mapping=None, profile=None):
    """The page's first step: a preview. (Called without ``replace``, as before previews, it loads.)"""
    lang = lang_of(search)
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/import"), None, True
    if not contents or not filename:
        return html.Div(t("choose_file", lang), className="fr-alert", role="alert"), None, True
    try:
        answer = _upload(search, contents, filename, skip, replace, dry_run=replace is not None, mapping=mapping,
                         profile=profile)
    except ApiError as exc:
        if exc.status == 422 and exc.errors and "row" in exc.errors[0]:
            problems = named(exc.errors, filename)
            return report(None, problems, lang, t("fix_or_skip", lang)), problems, False
        return refusal_box(exc, lang), None, True
    answer = {**answer, "warnings": named(answer["warnings"], filename)}
    problems = named(answer["errors"], filename)
    shown = preview(answer, problems, lang) if answer.get("dry_run") else report(answer, problems, lang)
    kept = {"rows": problems, "url": answer["problems_url"], "file": filename} if answer.get("problems_url") \
        else problems  # a long report: the download fetches the whole list
    return shown, kept, not problems


@callback(Output("u-loaded", "children"), Input("u-confirm", "n_clicks"), State("u-confirm", "value"),
          State("u-file", "contents"), State("u-file", "filename"), State("u-skip", "value"),
          State("u-replace", "value"), State("url", "search"), State("u-mapping", "value"), State("u-profile", "value"),
          prevent_initial_call=True)
def confirm(clicks, sha, contents, filename, skip, replace, search, mapping=None, profile=None):
    """Load exactly the previewed file: the API refuses another one (409)."""
    lang = lang_of(search)
    if not clicks or not contents:
        return dash.no_update
    try:
        answer = _upload(search, contents, filename, skip, replace, dry_run=False, confirm=sha, mapping=mapping,
                         profile=profile)
    except ApiError as exc:
        return refusal_box(exc, lang)
    answer = {**answer, "warnings": named(answer["warnings"], filename)}
    return report(answer, named(answer["errors"], filename), lang)


@callback(Output("u-revert-result", "children"), Input("u-revert", "n_clicks"), State("url", "search"),
          prevent_initial_call=True)
def revert(_, search):
    lang = lang_of(search)
    try:
        answer = session.user_api().revert_register()
    except ApiError as exc:
        return refusal_box(exc, lang)
    return html.Div(f"{t('revert_done', lang)} {answer['reverted']}.", className="fr-success", role="status")


@callback(Output("u-restore-result", "children"), Output("u-archived", "children"), Input("u-restore", "n_clicks"),
          State("u-restore-id", "value"), State("url", "search"), prevent_initial_call=True)
def restore(clicks, council_id, search):
    """Bring back an archived council; the list then shows the councils still archived."""
    lang = lang_of(search)
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/import"), dash.no_update
    if not clicks:
        return dash.no_update, dash.no_update
    if not council_id:
        return html.Div(t("restore_choose", lang), className="fr-alert", role="alert"), dash.no_update
    try:
        answer = session.user_api().restore_council(council_id)
    except ApiError as exc:
        return refusal_box(exc, lang), dash.no_update
    done = html.Div(f"{t('restore_done', lang)} {answer['restored']} ({t('import_revision', lang)} "
                    f"{answer['revision']}).", className="fr-success", role="status")
    return done, archived_section(lang)


def named(problems: list[dict], filename: str) -> list[dict]:
    """The API's importer names the temporary copy it read (register.csv); show the user's file name."""
    return [{**p, "file": filename} for p in problems]


@callback(Output("u-download", "data"), Input("u-download-btn", "n_clicks"), State("u-problems", "data"),
          prevent_initial_call=True)
def download(_, problems):
    if isinstance(problems, dict):
        try:
            problems = named(session.user_api().import_problems(problems["url"]), problems["file"])
        except ApiError:
            problems = problems["rows"]  # the first ones, at least
    return csv_download(problems, list(PROBLEM_COLUMNS), "import_problemes.csv")
