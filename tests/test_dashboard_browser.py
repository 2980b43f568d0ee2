"""The dashboard in a real Chromium against the real API on the fixture register."""
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components import BLUE, CHOROPLETH_RAMP, NO_DATA_GREY, STATUS_COLOURS
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.browser import browser, severe_console_errors  # noqa: F401 (fixture)
from tests.live_servers import live_api, live_dashboard  # noqa: F401 (fixtures)
from tests.map_canvas import click_at, drawn, pixels, wait_drawn

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent.parent / "out" / "screenshots"  # fixture views; docs/ has the national ones
PAGES = {"carte": "/", "vue-ensemble": "/vue-ensemble", "priorites": "/priorites", "annuaire": "/annuaire",
         "recherche": "/recherche", "donnees": "/donnees", "fiche": "/annuaire/CLSM-BEL", "evolution": "/evolution",
         "ruralite": "/ruralite", "priorites-rural": "/priorites?view=rural",
         "carte-rural": "/?mode=rural_share_covered", "connexion": "/connexion"}


def wait_css(driver, selector: str, timeout: float = 20):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def wait_text(driver, selector: str, text: str, timeout: float = 20):
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text))


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_console_errors(browser, live_dashboard, name):
    browser.get(live_dashboard + PAGES[name])
    wait_css(browser, "#header h1")
    wait_css(browser, "#footer small")
    browser.execute_script("return new Promise(r => setTimeout(r, 800))")
    assert not severe_console_errors(browser), severe_console_errors(browser)
    assert "Erreur" not in browser.title
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def test_map_shows_councils_and_qpv(browser, live_dashboard):
    browser.get(live_dashboard + "/")
    wait_css(browser, ".leaflet-container")
    # 6 council territories + 28 QPV markers from the API's GeoJSON, drawn on the map's canvas; the
    # départements and régions below them, in their own pane.
    wait_drawn(browser, "layer-councils", 6)
    wait_drawn(browser, "layer-qpv", 28)
    assert drawn(browser, "layer-departements") + drawn(browser, "layer-regions") >= 2
    assert pixels(browser, "shading", BLUE)  # the areas' outlines
    # Zoomed on the Territoire de Belfort: active councils filled in their colour, planned ones outlined
    # in theirs (too small to see at national zoom).
    browser.get(live_dashboard + "/?bbox=6.75,47.4,7.15,47.85")
    wait_drawn(browser, "layer-councils", 6)
    WebDriverWait(browser, 5).until(lambda d: pixels(d, "overlay", STATUS_COLOURS["actif"], (0.35, 0.35)))
    assert pixels(browser, "overlay", STATUS_COLOURS["en_projet"])
    legend = browser.find_element(By.CSS_SELECTOR, ".legend").text
    assert "Actif" in legend and "Non couvert" in legend


def open_with_enter(browser, url: str, summary_css: str, drawn_css: str) -> None:
    """A section drawn when first opened: nothing drawn on load, then focus its summary and press Enter."""
    browser.get(url)
    summary = wait_css(browser, summary_css)
    assert not browser.find_elements(By.CSS_SELECTOR, drawn_css)
    browser.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)


def test_regions_table_opens_from_the_keyboard(browser, live_dashboard):
    """The map's régions table is drawn when its section first opens: Tab to its summary, Enter."""
    open_with_enter(browser, live_dashboard + "/", "#map-table-summary", "#map-table table")
    wait_css(browser, "#map-table table th[scope=col]")
    assert browser.find_element(By.ID, "map-table").get_attribute("open") is not None
    wait_text(browser, "#map-table tbody", "Bourgogne-Franche-Comté")


def test_in_view_lists_open_from_the_keyboard(browser, live_dashboard):
    """The map's list alternative (councils and QPV in view) is drawn when its section first opens."""
    open_with_enter(browser, live_dashboard + "/", "#map-in-view-summary", "#map-in-view li")
    wait_text(browser, "#map-in-view", "CLSM test — ")
    assert browser.find_element(By.ID, "map-in-view-box").get_attribute("open") is not None
    assert browser.find_elements(By.CSS_SELECTOR, "#map-in-view a[href^='/annuaire/']")


def test_region_filter_changes_kpis(browser, live_dashboard):
    browser.get(live_dashboard + "/vue-ensemble")
    wait_text(browser, "#kpis", "France")
    national = browser.find_element(By.CSS_SELECTOR, "#kpis").text
    browser.get(live_dashboard + "/vue-ensemble?region=11")
    wait_text(browser, "#kpis", "Île-de-France")
    regional = browser.find_element(By.CSS_SELECTOR, "#kpis").text
    assert national != regional


def test_language_toggle(browser, live_dashboard):
    browser.get(live_dashboard + "/vue-ensemble")
    wait_text(browser, "#header", "Vue d'ensemble")
    browser.find_element(By.ID, "lang-toggle").click()
    wait_text(browser, "#header", "Overview")
    assert "lang=en" in browser.current_url


def test_demo_banner_absent_for_a_real_register(browser, live_dashboard):
    browser.get(live_dashboard + "/")
    wait_css(browser, "#footer small")
    assert not browser.find_elements(By.ID, "demo-notice")


def test_export_link_downloads_a_file(browser, live_dashboard, live_api):
    import httpx

    browser.get(live_dashboard + "/donnees")
    wait_css(browser, "#exports a")
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#exports a")]
    assert len(hrefs) == 6 and all(h.startswith(live_api) for h in hrefs)
    response = httpx.get(next(h for h in hrefs if h.endswith("councils.csv")))
    assert response.status_code == 200 and response.text.startswith("id,name,status")


def test_region_picked_in_the_page_changes_kpis_and_url(browser, live_dashboard):
    browser.get(live_dashboard + "/vue-ensemble")
    wait_text(browser, "#kpis", "France")
    national = browser.find_element(By.CSS_SELECTOR, "#kpis").text
    browser.find_element(By.ID, "f-region").click()  # Dash 4 dropdown: options open in a listbox popover
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable(
        (By.XPATH, "//*[@role='option'][contains(., 'Bourgogne')]"))).click()
    wait_text(browser, "#kpis", "Bourgogne-Franche-Comté")
    assert browser.find_element(By.CSS_SELECTOR, "#kpis").text != national
    WebDriverWait(browser, 10).until(lambda d: "region=27" in d.current_url)  # shareable view
    browser.find_element(By.ID, "lang-toggle").click()  # the language switch keeps the filter
    wait_text(browser, "#kpis", "Active councils")
    assert "region=27" in browser.current_url and "lang=en" in browser.current_url


def test_clicking_a_council_opens_its_card(browser, live_dashboard):
    browser.get(live_dashboard + "/?lang=en")
    wait_drawn(browser, "layer-councils", 6)
    WebDriverWait(browser, 5).until(lambda d: pixels(d, "overlay", STATUS_COLOURS["actif"], (0.35, 0.35), True))
    black = len(pixels(browser, "overlay", "#000000", limit=10 ** 6))  # the top 100 QPV's rings
    click_at(browser, pixels(browser, "overlay", STATUS_COLOURS["actif"], (0.35, 0.35), True)[0])
    wait_text(browser, "#map-detail", "Status history")
    assert "CLSM test" in browser.find_element(By.ID, "map-detail").text
    # The council chosen is outlined in black on the map.
    WebDriverWait(browser, 10).until(lambda d: len(pixels(d, "overlay", "#000000", limit=10 ** 6)) > black + 20)


def test_clicking_a_qpv_opens_its_card(browser, live_dashboard):
    browser.get(live_dashboard + "/")
    wait_drawn(browser, "layer-qpv", 28)
    colours = [STATUS_COLOURS[s] for s in ("couvert", "partiel", "non_couvert")]
    # A point in a QPV's colour, unblended: no other feature is drawn over it there.
    WebDriverWait(browser, 5).until(lambda d: any(pixels(d, "overlay", c, (0.9, 1), True) for c in colours))
    click_at(browser, next(p[0] for c in colours if (p := pixels(browser, "overlay", c, (0.9, 1), True))))
    wait_css(browser, "#qpv-card h3")
    assert "Population" in browser.find_element(By.ID, "qpv-card").text


def test_priorities_csv_download_writes_a_file(browser, live_dashboard, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(live_dashboard + "/priorites")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#p-grid .ag-row"))
    browser.find_element(By.ID, "p-download-btn").click()
    target = tmp_path / "qpv_priorites.csv"
    WebDriverWait(browser, 20).until(lambda _: target.exists() and target.stat().st_size > 0)
    lines = target.read_text(encoding="utf-8").splitlines()  # the API's file: how it was made, then the rows
    assert lines[0].startswith("# generated_at") and any(line.startswith("rank,code,nom") for line in lines)


# --- Évolution / Ruralité (issue 9)
def _region_fills(driver) -> list[str]:
    """Fills of the shaded areas (the ramp and the no-data grey), not of the QPV markers."""
    return [f for f in driver.execute_script(
        "return [...document.querySelectorAll('.leaflet-overlay-pane path, .leaflet-shading-pane path')]"
        ".map(p => p.getAttribute('fill'))") if f in CHOROPLETH_RAMP + ["#d9d9d9"]]


def _first_kpi(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#evo-kpis .kpi-value").text


def test_evolution_slider_changes_kpis_and_colours(browser, live_dashboard):
    browser.get(live_dashboard + "/evolution")
    wait_text(browser, "#evo-date", "aujourd'hui")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#evo-kpis .kpi-value"))
    today, today_fills = _first_kpi(browser), sorted(_region_fills(browser))
    handle = browser.find_element(By.CSS_SELECTOR, "#evo-year [role='slider']")
    handle.click()
    handle.send_keys(Keys.HOME)  # 1 January 2010: no council active yet in the fixture register
    wait_text(browser, "#evo-date", "01/01/2010")
    WebDriverWait(browser, 20).until(lambda d: _first_kpi(d) == "0")
    assert today == "4"
    WebDriverWait(browser, 10).until(lambda d: sorted(_region_fills(d)) != today_fills)
    assert set(_region_fills(browser)) == {"#f7fcf5"}  # every région at 0 %
    WebDriverWait(browser, 10).until(lambda d: "year=2010" in d.current_url)  # shareable view
    browser.get(live_dashboard + "/evolution?year=2013&region=27&lang=en")
    wait_text(browser, "#evo-date", "As it stood on 2013-01-01")
    WebDriverWait(browser, 20).until(lambda d: _first_kpi(d) == "0")  # Belfort only from 2016
    WebDriverWait(browser, 20).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#evo-charts .js-plotly-plot")) == 3)
    assert not severe_console_errors(browser), severe_console_errors(browser)


def test_rural_chart_is_drawn(browser, live_dashboard):
    browser.get(live_dashboard + "/ruralite")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#r-chart-regions .bars path"))
    bars = browser.find_elements(By.CSS_SELECTOR, "#r-chart-national .bars path")
    assert len(bars) == 3  # dense, intermediate, rural
    assert "1 500" in browser.find_element(By.ID, "r-thresholds").text
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#r-reach .ag-row"))
    assert "Sud Territoire" in browser.find_element(By.ID, "r-reach").text
    WebDriverWait(browser, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#r-epci .ag-row")) == 2)
    assert not severe_console_errors(browser), severe_console_errors(browser)


def test_priorities_rural_view_lists_rows(browser, live_dashboard, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(live_dashboard + "/priorites")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#p-grid .ag-row"))
    browser.find_element(By.ID, "p-tab-rural").click()
    WebDriverWait(browser, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#p-rural-grid .ag-row")) == 2)
    assert "Vosges du Sud" in browser.find_element(By.ID, "p-rural-grid").text
    WebDriverWait(browser, 10).until(lambda d: "view=rural" in d.current_url)
    browser.find_element(By.ID, "p-rural-download-btn").click()
    target = tmp_path / "epci_ruraux_sans_clsm.csv"
    WebDriverWait(browser, 20).until(lambda _: target.exists() and target.stat().st_size > 0)
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("code,nom,type")


def test_map_rural_shading_fills_regions(browser, live_dashboard):
    browser.get(live_dashboard + "/?mode=rural_share_covered")
    # Île-de-France, no rural commune: shaded in the no-data grey (on the map's canvas).
    WebDriverWait(browser, 20).until(lambda d: pixels(d, "shading", NO_DATA_GREY, (0.6, 0.6)))
    assert "Aucune commune rurale" in browser.find_element(By.ID, "choropleth-legend").text
