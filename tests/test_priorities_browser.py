"""Priorités in a real Chromium: the map follows the table's filter, a row click zooms to its QPV,
a QPV click highlights its row, and the scenario runs from the ticked rows and from a name."""
import base64

import httpx
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.browser import browser, severe_console_errors  # noqa: F401 (fixture)
from tests.live_servers import live_api, live_dashboard  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
MARKERS = "return document.querySelectorAll('#p-map .leaflet-overlay-pane path').length"
HIGHLIGHTED = ("return [...document.querySelectorAll('#p-grid .ag-center-cols-container .ag-row')]"
               ".filter(r => r.style.backgroundColor === 'rgb(255, 243, 176)').map(r => r.getAttribute('row-id'))")


def wait(driver, timeout: float = 20) -> WebDriverWait:
    """The grid re-renders its rows when data arrives: an element found a moment ago may be gone."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))


def uncovered(live_api: str, **params) -> int:
    return httpx.get(f"{live_api}/api/v1/qpv/priority", params={"limit": 1, **params}).json()["total"]


def rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#p-grid .ag-center-cols-container .ag-row")


def pick(driver, dropdown_id: str, option: str) -> None:
    driver.find_element(By.ID, dropdown_id).click()  # Dash 4 dropdown: options open in a listbox popover
    wait(driver, 10).until(EC.element_to_be_clickable(
        (By.XPATH, f"//*[@role='option'][contains(., '{option}')]"))).click()


def open_priorities(driver, url: str) -> None:
    driver.get(url)
    wait(driver, 30).until(lambda d: rows(d) and d.execute_script(MARKERS) > 0)


def test_filter_redraws_the_map_with_the_same_rows(browser, live_dashboard, live_api):
    open_priorities(browser, live_dashboard + "/priorites")
    everywhere = uncovered(live_api)
    wait(browser, 20).until(lambda d: d.execute_script(MARKERS) == everywhere)
    pick(browser, "p-departement", "Territoire de Belfort")
    belfort = uncovered(live_api, departement="90")
    assert 0 < belfort < everywhere
    wait(browser, 20).until(lambda d: d.execute_script(MARKERS) == belfort == len(rows(d)))
    wait(browser, 10).until(lambda d: "departement=90" in d.current_url)  # shareable view
    wait(browser, 10).until(lambda d: float(d.find_element(By.ID, "p-map-zoom").get_attribute(
        "textContent") or 0) >= 9)  # zoomed to the département's QPV
    browser.get(live_dashboard + "/priorites?departement=90&status=partiel")
    partiel = uncovered(live_api, departement="90", status="partiel")
    wait(browser, 20).until(lambda d: d.execute_script(MARKERS) == partiel == len(rows(d)))
    assert not severe_console_errors(browser), severe_console_errors(browser)


def test_row_click_zooms_and_map_click_highlights_the_row(browser, live_dashboard):
    open_priorities(browser, live_dashboard + "/priorites")
    def click_first_row(driver) -> str:
        first = rows(driver)[0]
        code = first.get_attribute("row-id")
        first.find_element(By.CSS_SELECTOR, "[col-id='nom']").click()
        return code

    code = wait(browser).until(click_first_row)
    wait(browser, 20).until(lambda d: float(d.find_element(By.ID, "p-map-zoom").get_attribute(
        "textContent") or 0) == 14)
    wait(browser, 10).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('#p-map .leaflet-overlay-pane path')]"
        ".some(p => p.getAttribute('stroke') === '#000091')"))  # the ring around the QPV
    browser.get(browser.current_url)
    open_priorities(browser, browser.current_url)
    browser.execute_script("""
        const p = document.querySelector('#p-map .leaflet-overlay-pane path.leaflet-interactive');
        p.dispatchEvent(new MouseEvent('click', {bubbles: true}));""")
    wait(browser, 20).until(lambda d: len(d.execute_script(HIGHLIGHTED)) == 1)
    assert code  # rows carry their QPV code (getRowId), so map and table speak of the same QPV


def test_selected_rows_and_names_run_the_scenario(browser, live_dashboard):
    open_priorities(browser, live_dashboard + "/priorites?departement=90")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#p-grid .ag-selection-checkbox input")[0].click()
                        or True)
    browser.find_element(By.ID, "s-from-selection").click()
    wait(browser, 20).until(lambda d: "Habitants nouvellement couverts" in d.find_element(By.ID, "s-result").text)
    answer = browser.find_element(By.ID, "s-result").text
    assert "France" in answer and "→" in answer and "Bourgogne-Franche-Comté" in answer
    browser.find_element(By.ID, "s-places").click()
    browser.switch_to.active_element.send_keys("Offem")  # the popover's search box: suggestions from the API
    wait(browser, 20).until(EC.element_to_be_clickable(
        (By.XPATH, "//*[@role='option'][contains(., 'Offemont (90075)')]"))).click()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    browser.find_element(By.ID, "s-compute").click()
    wait(browser, 20).until(lambda d: "Offemont" in d.find_element(By.ID, "s-communes-used").text)
    assert "QPV qui changent de statut" in browser.find_element(By.ID, "s-result").text
    assert not severe_console_errors(browser), severe_console_errors(browser)


@pytest.mark.parametrize("level, code, name", [("region", "27", "Bourgogne-Franche-Comté"),
                                                ("departement", "90", "Territoire de Belfort"),
                                                ("epci", "249000241", "Sud Territoire")])
def test_territory_profile_and_its_a4_print(browser, live_dashboard, level, code, name):
    browser.get(f"{live_dashboard}/territoire?level={level}&code={code}")
    wait(browser, 30).until(lambda d: name in d.find_element(By.ID, "t-title").text)
    wait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#t-trend .js-plotly-plot"))
    kpis = browser.find_element(By.ID, "t-kpis").text
    assert "France" in kpis and "CLSM actifs" in kpis
    assert "CLSM test" in browser.find_element(By.ID, "t-profile").text  # its councils are listed
    browser.execute_script("window.print = () => { window.__printed = true; };")
    browser.find_element(By.ID, "t-print").click()  # one click
    wait(browser, 10).until(lambda d: d.execute_script("return window.__printed === true"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.ID, "t-print").is_displayed()  # controls are not printed
    assert not browser.find_element(By.ID, "t-regions").is_displayed()
    assert browser.find_element(By.ID, "t-kpis").is_displayed()
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                       "preferCSSPageSize": True})["data"]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert base64.b64decode(pdf)[:4] == b"%PDF"
    assert not severe_console_errors(browser), severe_console_errors(browser)


def test_priorities_link_to_the_filtered_area_profile(browser, live_dashboard):
    open_priorities(browser, live_dashboard + "/priorites?region=27")
    link = wait(browser, 20).until(lambda d: d.find_element(By.ID, "p-profile-link"))
    link.click()
    wait(browser, 30).until(lambda d: "Bourgogne-Franche-Comté" in d.find_element(By.ID, "t-title").text)
