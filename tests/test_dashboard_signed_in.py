"""Signing in to the dashboard and what each role sees and does (issue 7), with the page callbacks
called in-process against the real API (TestClient) on the fixture register plus the auth fixtures."""
import base64
import time

import dash
import flask
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from dashboard import session
from dashboard.app import create_dash_app
from dashboard.client import ApiClient, ApiError
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.auth_fixtures import BELFORT, PARIS, PASSWORD, PRIVATE, ensure_users, reset_fixture_councils
from tests.register_sheets import council, write_csv
from tests.test_dashboard_callbacks import call, page, text


@pytest.fixture(scope="module")
def app(api_register):  # noqa: F811
    return create_dash_app(api_register, http=TestClient(create_app(api_register)))


@pytest.fixture
def ctx(app, api_register):  # noqa: F811
    """A request of the app (its session starts empty), with the two fixture councils and the users reset."""
    reset_fixture_councils(api_register.database_url)
    ensure_users(api_register.database_url)
    with app.server.test_request_context():
        yield app


def sign_in(who: str, next_path: str = "", password: str = PASSWORD, search: str = ""):
    return call(page("connexion").sign_in, 1, None, who, password, next_path, search)


def card(council_id: str, lang: str = "fr") -> str:
    return text(page("fiche").layout(council_id=council_id, lang=lang))


def contacts_of(council_id: str) -> tuple[str, ...]:
    return PRIVATE[council_id]


def edit(field_values: dict, search: str = "", status=("actif", "2026-01-01", "")):
    """Press 'Save' on the card rendered last, with these fields changed."""
    state = session_form()
    state["values"].update(field_values)
    fields = [state["values"][k] for k in page_edit().FIELDS]
    return page_edit().write("fields", *fields, *status, state["id"], state["etag"], state["original"], search)


def page_edit():
    from dashboard import council_edit
    return council_edit


def session_form(council_id: str = BELFORT) -> dict:
    """The form's values, ETag and original values as the browser would hold them after rendering the card."""
    private, etag = session.user_api().private_council(council_id)
    original = page_edit().form_values(private)
    return {"id": council_id, "etag": etag, "original": original, "values": dict(original)}


# --- signing in
def test_wrong_password_shows_a_message_and_empties_the_password(ctx):
    message, href, password = sign_in("editor", password="not the password")
    assert "Identifiant ou mot de passe incorrect" in text(message) and href is dash.no_update and password == ""
    assert session.current_user() is None


def test_lockout_says_how_long_to_wait(ctx):
    for _ in range(5):
        sign_in("ars_idf", password="wrong password 1")
    message, _, _ = sign_in("ars_idf")  # right password, but locked: the API does not even check it
    assert "Trop d'échecs de connexion : réessayez dans 5 min" in text(message)


def test_ars_lands_on_its_region_editor_on_the_directory(ctx):
    _, href, _ = sign_in("ars_bfc")
    assert href == "/vue-ensemble?region=27"
    assert session.current_user() == {"username": "ars_bfc", "role": "ars", "region_code": "27"}
    _, href, _ = sign_in("editor", search="?lang=en")
    assert href == "/annuaire?lang=en"
    _, href, _ = sign_in("editor", next_path="/import")
    assert href == "/import"
    _, href, _ = sign_in("editor", next_path="//evil.example/")  # never off-site
    assert href == "/annuaire"


def test_token_stays_server_side_and_header_shows_the_user(ctx):
    sign_in("admin")
    shell = ctx.callback_map["..header.children...demo-banner.children...footer.children...shell.lang...skip-link."
                             "children.."]["callback"]
    header, *_ = call(shell, "/", "")
    rendered = text(header)
    assert "admin" in rendered and "administrateur" in rendered and "Se déconnecter" in rendered
    assert "Journal" in rendered and "Import" in rendered
    assert session.current_user() and "token" not in session.current_user()
    assert ctx.server.config["SESSION_COOKIE_HTTPONLY"] and ctx.server.config["SESSION_COOKIE_SAMESITE"] == "Strict"


def test_expired_session_is_said_so(ctx):
    sign_in("editor")
    flask.session[session.KEY]["expires_at"] = time.time() - 1
    assert session.current_user() is None
    assert "Votre session a expiré" in text(page("importer").layout())


def test_revoked_token_ends_the_session(ctx, api_register):  # noqa: F811
    sign_in("editor")
    flask.session[session.KEY]["token"] = "not-a-token"
    with pytest.raises(ApiError) as err:
        session.user_api().private_council(BELFORT)
    assert err.value.status == 401 and session.current_user() is None and session.just_expired()


def test_sign_out_is_a_post_that_clears_the_session(app):
    client = app.server.test_client()
    with client.session_transaction() as s:
        s[session.KEY] = {"username": "editor", "role": "editor", "region_code": None, "token": "t",
                          "expires_at": time.time() + 600}
    client.get("/deconnexion")  # a link or an image elsewhere cannot sign anyone out
    assert session.KEY in _cookie_session(client)
    answer = client.post("/deconnexion?lang=en")
    assert answer.status_code == 302 and answer.headers["Location"] == "/?lang=en"
    assert session.KEY not in _cookie_session(client)


def _cookie_session(client) -> dict:
    with client.session_transaction() as s:
        return dict(s)


# --- who sees what on the council page
def test_public_sees_no_private_field(ctx):
    for cid in (BELFORT, PARIS):
        rendered = card(cid)
        assert not any(value in rendered for value in contacts_of(cid))
        assert "e-save" not in rendered and "private-panel" not in rendered


def test_ars_sees_contacts_of_its_region_only(ctx):
    sign_in("ars_bfc")
    own, other = card(BELFORT), card(PARIS)
    assert all(value in own for value in contacts_of(BELFORT)) and "12" in own and "Lignes budgétaires" in own
    assert not any(value in other for value in contacts_of(PARIS))
    assert "e-save" not in own  # reading only


def test_editor_edits_fte_and_sees_it(ctx):
    sign_in("editor")
    assert "e-save" in card(BELFORT)
    message, etag, original, public, private = edit({"fte": 1.5, "communes": "90010, 90001"})
    assert "Enregistré" in text(message), text(message)
    assert original["fte"] == 1.5 and original["communes"] == "90001, 90010" and etag.startswith('"CLSM-9002.')
    assert "ETP 1,5" in text(public) and "Andelnans" in text(public)  # French decimals
    assert "ETP 1,5" in text(private)


def test_nothing_changed_sends_nothing(ctx):
    sign_in("editor")
    message, *rest = edit({})
    assert "Aucune modification" in text(message) and all(r is dash.no_update for r in rest)


def test_stale_etag_keeps_the_input_and_says_reload(ctx):
    sign_in("editor")
    form = session_form()
    session.user_api().update_council(BELFORT, {"carrier_name": "Someone else"}, form["etag"])
    form["values"]["fte"] = 2.5
    fields = [form["values"][k] for k in page_edit().FIELDS]
    message, etag, original, public, private = page_edit().write("fields", *fields, "actif", "2026-01-01", "",
                                                    BELFORT, form["etag"], form["original"], "")
    assert "Quelqu'un a modifié ce CLSM entre-temps" in text(message)
    assert all(x is dash.no_update for x in (etag, original, public, private))  # the form keeps its values
    assert session.user_api().private_council(BELFORT)[0]["fte"] == 1.0


def test_status_change_shows_the_new_history(ctx):
    sign_in("admin")
    form = session_form()
    fields = [form["values"][k] for k in page_edit().FIELDS]
    message, etag, _, public, _ = page_edit().write("status", *fields, "en_sommeil", "2026-02-01",
                                       "plus de coordinateur", BELFORT, form["etag"], form["original"], "?lang=en")
    assert "Saved" in text(message) and etag != form["etag"]
    assert "Dormant" in text(public) and "plus de coordinateur" in text(public) and "2026-02-01" in text(public)


def test_bad_funding_line_is_explained(ctx):
    sign_in("editor")
    message, *_ = edit({"funding": "ars;2024;12000\nnot a line"})
    assert "Ligne de financement 2 illisible" in text(message)


def test_forms_refuse_without_editor_role(ctx):
    sign_in("ars_bfc")
    form = session_form()
    fields = [form["values"][k] for k in page_edit().FIELDS]
    message, *rest = page_edit().write("fields", *fields, "actif", "2026-01-01", "", BELFORT, form["etag"],
                          form["original"], "")
    assert "Connectez-vous comme éditeur" in text(message)


# --- import page
def test_import_page_is_for_editors(ctx):
    assert "sign-in-needed" in text(page("importer").layout()) and "u-file" not in text(page("importer").layout())
    sign_in("ars_idf")
    assert "Votre rôle ne donne pas accès" in text(page("importer").layout())
    sign_in("editor")
    assert "u-file" in text(page("importer").layout())


def test_upload_with_a_bad_row_lists_the_problem_and_loads_nothing(ctx, tmp_path, db):
    sign_in("editor")
    rows = [council(identifiant="CLSM-8101", nom="CLSM dashboard upload", territoire="90010"),
            council(identifiant="CLSM-8102", nom="Bad row", territoire="99999")]
    content = base64.b64encode(write_csv(tmp_path / "registre.csv", rows).read_bytes()).decode()
    report, problems, hidden = call(page("importer").send, 1, f"data:text/csv;base64,{content}", "registre.csv",
                                    [], "")
    rendered = text(report)
    assert "Rien n'a été chargé" in rendered and "territoire" in rendered and "99999" in rendered
    assert problems and problems[0]["row"] == 3 and hidden is False
    csv_file = call(page("importer").download, 1, problems)
    assert csv_file["content"].startswith("file,row,column,value,reason")
    report, _, _ = call(page("importer").send, 1, f"data:text/csv;base64,{content}", "registre.csv", ["skip"], "")
    assert "Import terminé" in text(report) and "CLSM-8101" in text(report)
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-81%%'")  # leave the register as found


# --- audit log and scenario gate
def test_audit_page_for_admins(ctx):
    sign_in("editor")
    assert "Votre rôle ne donne pas accès" in text(page("journal").layout())
    sign_in("admin")
    form = session_form()
    session.user_api().update_council(BELFORT, {"carrier_name": "Audited"}, form["etag"])
    rows, error = call(page("journal").events, "", "")
    assert error is None and rows and {"at", "username", "action"} <= set(rows[0])
    assert call(page("journal").download, 1, "")["content"].startswith("id,")


def test_scenario_asks_to_sign_in_when_the_api_requires_it(api_register):  # noqa: F811
    settings = api_register.model_copy(update={"scenario_requires_login": True})
    app = create_dash_app(settings, http=TestClient(create_app(settings)))
    ensure_users(settings.database_url)
    with app.server.test_request_context():
        rendered = text(page("priorites").layout())
        assert "scenario-sign-in" in rendered and "s-compute" not in rendered
        sign_in("ars_bfc")
        assert "s-compute" in text(page("priorites").layout())
        assert "Habitants nouvellement couverts" in text(call(page("priorites").scenario, 1, "90075", "", ""))
        assert "fr-alert" in text(call(page("priorites").scenario, 1, "75113", "", ""))  # not its région


# --- the client's signed-in calls
def test_client_write_errors_carry_etag_and_wait(ctx, api_register):  # noqa: F811
    client = ApiClient("http://testserver", http=TestClient(create_app(api_register)))
    token = client.login("editor", PASSWORD)["access_token"]
    editor = client.with_token(token)
    assert editor.me()["role"] == "editor" and client._headers == {}  # the shared client stays anonymous
    private, etag = editor.private_council(PARIS)
    _, new_etag = editor.update_council(PARIS, {"fte": 0.8}, etag)
    with pytest.raises(ApiError) as err:
        editor.change_status(PARIS, "arrete", "2026-01-01", None, etag)
    assert err.value.status == 412 and err.value.current_etag == new_etag
    for _ in range(5):
        with pytest.raises(ApiError):
            client.login("admin", "wrong password 1")
    with pytest.raises(ApiError) as err:
        client.login("admin", PASSWORD)
    assert err.value.status == 429 and err.value.retry_after == 300


def test_editor_creates_a_council(ctx, db):
    assert "sign-in-needed" in text(page("nouveau").layout())
    sign_in("editor")
    assert "new-council-link" in text(page("annuaire").layout())
    created = text(call(page("nouveau").create, 1, "CLSM créé du tableau de bord", "communal", "en_projet", "90075",
                        "", ""))
    assert "CLSM créé" in created and "/annuaire/CLSM-" in created
    refused = text(call(page("nouveau").create, 1, "x", "communal", "en_projet", "", "", ""))
    assert "fr-alert" in refused  # the API's 422 (name too short) as a message
    db.execute("DELETE FROM register.council WHERE name = 'CLSM créé du tableau de bord'")


def test_new_pages_render_in_both_languages_for_everyone(ctx):
    for who in (None, "admin"):
        if who:
            sign_in(who)
        for name in ("connexion", "importer", "journal", "nouveau", "utilisateurs"):
            for lang in ("fr", "en"):
                assert "Error" not in text(page(name).layout(lang=lang)), (name, lang, who)


def test_funding_lines_round_trip_to_the_cent():
    from dashboard.council_edit import changes, form_values

    council = {"name": "x", "scale": "communal", "territory": [{"code": "90010", "via_epci": None},
                                                               {"code": "90001", "via_epci": "249000241"}],
               "funding": [{"source": "ars", "year": 2024, "amount_eur": 12345.67},
                           {"source": "caf", "year": 2023, "amount_eur": 60000.0}]}
    original = form_values(council)
    assert original["funding"] == "ars;2024;12345.67\ncaf;2023;60000"
    assert original["communes"] == "90010" and original["epci"] == "249000241"
    edited = {**original, "funding": original["funding"] + "\nregion;2024;1\u202f000,50"}
    assert changes(original, edited) == {"funding": [
        {"source": "ars", "year": 2024, "amount_eur": 12345.67}, {"source": "caf", "year": 2023, "amount_eur": 60000.0},
        {"source": "region", "year": 2024, "amount_eur": 1000.5}]}


def test_admin_creates_and_disables_a_user(ctx, db):
    db.execute("DELETE FROM auth.user WHERE username = 'ars_dashboard'")
    sign_in("editor")
    assert "Votre rôle ne donne pas accès" in text(page("utilisateurs").layout())
    sign_in("admin")
    assert "ars_bfc" in text(page("utilisateurs").layout())
    users = page("utilisateurs")
    message, listing, password = users.change("create", "ars_dashboard", "a long password 42", "ars", "27", "", "fr")
    assert "Enregistré" in text(message) and "ars_dashboard" in text(listing) and password == ""
    assert "a long password 42" not in text(listing)
    message, listing, _ = users.change("disable", "", "", "", "", "ars_dashboard", "fr")
    assert db.execute("SELECT disabled FROM auth.user WHERE username = 'ars_dashboard'").fetchone()[0] is True
    message, _, _ = users.change("create", "x", "short", "ars", "", "", "fr")
    assert "fr-alert" in text(message)  # the API's 422
    db.execute("DELETE FROM auth.user WHERE username = 'ars_dashboard'")


def test_refused_edit_says_why(ctx):
    sign_in("editor")
    message, *rest = edit({"communes": "99999"})
    assert "Non enregistré" in text(message) and "99999" in text(message) and rest[0] is dash.no_update
    message, *_ = edit({"fte": 50})
    assert "Non enregistré" in text(message) and "fte" in text(message)


def test_card_after_the_token_died_offers_to_sign_in_again(ctx):
    sign_in("ars_bfc")
    flask.session[session.KEY]["token"] = "not-a-token"
    rendered = card(BELFORT)
    assert "Votre session a expiré" in rendered and not any(v in rendered for v in contacts_of(BELFORT))


def test_directory_id_query_shows_the_card_with_the_forms(ctx):
    import dash._callback as registry

    sign_in("editor")
    rendered = text(page("annuaire").layout(id=BELFORT))
    assert "fiche-summary" in rendered and "e-save" in rendered
    assert not registry.GLOBAL_CALLBACK_LIST  # nothing registered behind the app's back
