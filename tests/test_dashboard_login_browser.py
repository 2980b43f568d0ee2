"""Signing in and editing in a real Chromium, against the real API on the fixture register plus the
two auth fixture councils (Paris, région 11; Belfort, région 27). This module has its own register
(module-scoped fixtures), so its writes do not reach the other browser tests."""
import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.api_fixtures import PRIVATE as REGISTER_PRIVATE
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.auth_fixtures import BELFORT, PARIS, PASSWORD, PRIVATE, ensure_users, reset_fixture_councils
from tests.browser import browser, severe_console_errors  # noqa: F401 (fixture)
from tests.live_servers import live_api, live_dashboard  # noqa: F401 (fixtures)
from tests.register_sheets import council, write_csv
from tests.test_dashboard_browser import SHOTS, wait_css, wait_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(api_register, live_dashboard):  # noqa: F811
    reset_fixture_councils(api_register.database_url)
    ensure_users(api_register.database_url)
    return live_dashboard


@pytest.fixture
def signed_out(browser, site):  # noqa: F811
    browser.get(site + "/")
    browser.delete_all_cookies()
    return browser


def sign_in(driver, site: str, who: str, next_path: str = "", password: str = PASSWORD) -> None:
    driver.get(site + "/connexion" + (f"?next={next_path}" if next_path else ""))
    wait_css(driver, "#login-username").send_keys(who)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def retype(element, value: str) -> None:
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(value)


def pick(driver, dropdown_id: str, option: str) -> None:
    driver.find_element(By.ID, dropdown_id).click()  # Dash 4 dropdown: options open in a listbox popover
    WebDriverWait(driver, 10).until(EC.element_to_be_clickable(
        (By.XPATH, f"//*[@role='option'][contains(., '{option}')]"))).click()


def test_public_never_sees_contacts(signed_out, site):
    for cid in (BELFORT, PARIS, "CLSM-BEL"):
        signed_out.get(site + f"/annuaire/{cid}")
        wait_css(signed_out, "#fiche-summary")
        wait_css(signed_out, "#footer small")
        source = signed_out.page_source
        private = PRIVATE.get(cid) or tuple(REGISTER_PRIVATE.values())
        assert not any(value in source for value in private), cid
        assert not signed_out.find_elements(By.ID, "e-save")
    assert signed_out.find_element(By.ID, "sign-in-link").text == "Se connecter"


def test_wrong_password_is_explained(signed_out, site):
    sign_in(signed_out, site, "editor", password="not the password")
    wait_text(signed_out, "#login-message", "Identifiant ou mot de passe incorrect")
    shot(signed_out, "connexion-erreur")
    assert signed_out.find_element(By.ID, "login-password").get_attribute("value") == ""


def test_ars_lands_on_its_region_and_reads_only_its_councils(signed_out, site):
    sign_in(signed_out, site, "ars_bfc")
    WebDriverWait(signed_out, 20).until(lambda d: "/vue-ensemble?region=27" in d.current_url)
    wait_text(signed_out, "#kpis", "Bourgogne-Franche-Comté")
    wait_text(signed_out, "#signed-in-user", "ars_bfc")
    cookie = next(c for c in signed_out.get_cookies() if c["name"] == "clsm_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert PASSWORD not in signed_out.page_source
    signed_out.get(site + f"/annuaire/{BELFORT}")
    wait_css(signed_out, "#private-panel")
    shot(signed_out, "fiche-ars")
    assert all(value in signed_out.page_source for value in PRIVATE[BELFORT])
    assert not signed_out.find_elements(By.ID, "e-save")  # an ARS reads, it does not edit
    signed_out.get(site + f"/annuaire/{PARIS}")
    wait_css(signed_out, "#fiche-summary")
    wait_css(signed_out, "#footer small")
    assert not any(value in signed_out.page_source for value in PRIVATE[PARIS])
    signed_out.get(site + "/import")
    wait_css(signed_out, "#sign-in-needed")
    assert not signed_out.find_elements(By.ID, "u-file")


def test_editor_edits_fte_changes_status_and_meets_a_concurrent_edit(signed_out, site, live_api):
    sign_in(signed_out, site, "editor", next_path=f"/annuaire/{BELFORT}")
    WebDriverWait(signed_out, 20).until(lambda d: f"/annuaire/{BELFORT}" in d.current_url)
    retype(wait_css(signed_out, "#e-fte"), "1.75")
    signed_out.find_element(By.ID, "e-save").click()
    wait_text(signed_out, "#fiche-result", "Enregistré")
    wait_text(signed_out, "#fiche-summary", "ETP 1,75")

    pick(signed_out, "st-status", "En sommeil")
    retype(signed_out.find_element(By.ID, "st-date"), "2026-03-01")
    signed_out.find_element(By.ID, "st-note").send_keys("coordinatrice partie")
    signed_out.find_element(By.ID, "st-save").click()
    wait_text(signed_out, "#fiche-history", "coordinatrice partie")
    assert "En sommeil" in signed_out.find_element(By.ID, "fiche-summary").text

    # Someone else saves in between: the next save is refused, the input stays.
    token = httpx.post(f"{live_api}/api/v1/auth/token", data={"username": "admin", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    etag = httpx.get(f"{live_api}/api/v1/councils/{BELFORT}/private", headers=headers).headers["ETag"]
    assert httpx.patch(f"{live_api}/api/v1/councils/{BELFORT}", json={"carrier_name": "Autre éditeur"},
                       headers={**headers, "If-Match": etag}).status_code == 200
    retype(signed_out.find_element(By.ID, "e-fte"), "2.25")
    signed_out.find_element(By.ID, "e-save").click()
    wait_text(signed_out, "#fiche-result", "Quelqu'un a modifié ce CLSM entre-temps")
    shot(signed_out, "fiche-editeur-412")
    assert signed_out.find_element(By.ID, "e-fte").get_attribute("value") == "2.25"
    assert not severe_console_errors(signed_out)


def test_editor_upload_report_lists_the_bad_row(signed_out, site, tmp_path, db):
    sign_in(signed_out, site, "editor", next_path="/import")
    rows = [council(identifiant="CLSM-8201", nom="CLSM navigateur", territoire="90010"),
            council(identifiant="CLSM-8202", nom="Ligne fausse", territoire="99999")]
    path = write_csv(tmp_path / "registre.csv", rows)
    wait_css(signed_out, "#u-file input[type=file]").send_keys(str(path))
    wait_text(signed_out, "#u-filename", "registre.csv")
    signed_out.find_element(By.ID, "u-send").click()
    wait_text(signed_out, "#import-report", "Rien n'a été chargé")
    shot(signed_out, "import-rapport")
    cells = [td.text for td in signed_out.find_elements(By.CSS_SELECTOR, "#import-report tbody td")]
    assert {"registre.csv", "3", "territoire", "99999"} <= set(cells), cells
    assert db.execute("SELECT count(*) FROM register.council WHERE id LIKE 'CLSM-82%%'").fetchone()[0] == 0


def test_sign_out_button_ends_the_session(signed_out, site):
    sign_in(signed_out, site, "admin")
    WebDriverWait(signed_out, 20).until(lambda d: "/annuaire" in d.current_url)
    wait_text(signed_out, "#header", "Journal")
    signed_out.find_element(By.ID, "sign-out").click()
    wait_css(signed_out, "#sign-in-link")
    signed_out.get(site + f"/annuaire/{BELFORT}")
    wait_css(signed_out, "#fiche-summary")
    wait_css(signed_out, "#footer small")
    assert not any(value in signed_out.page_source for value in PRIVATE[BELFORT])
