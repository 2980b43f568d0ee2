"""The dashboard as its users meet it, in a real Chromium, desktop (1440×900) and phone (390 px):
accessibility (axe-core, WCAG 2.1 AA), no sideways scrolling, search by name, clicks that reach the
councils under a shading, figures that follow the area chosen, French number formats."""
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components import STATUS_COLOURS
from tests.accessibility import axe_violations
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.browser import browser, severe_console_errors  # noqa: F401 (fixture)
from tests.live_servers import live_api, live_dashboard  # noqa: F401 (fixtures)
from tests.map_canvas import click_at, drawn, pixels, wait_drawn
from tests.test_dashboard_browser import PAGES, wait_css, wait_text

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
PAGES_EN = {"carte-en": "/?lang=en", "vue-ensemble-en": "/vue-ensemble?lang=en", "donnees-en": "/donnees?lang=en",
            "introuvable": "/pas-une-page"}


def open_page(driver, url: str, size: str = "desktop") -> None:
    driver.set_window_size(*SIZES[size])
    driver.get(url)
    wait_css(driver, "#header h1")
    wait_css(driver, "#footer small")
    # Callbacks settle (charts, grids, lists in view), then the checks run on what a user sees.
    driver.execute_script("return new Promise(r => setTimeout(r, 1200))")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES) + list(PAGES_EN))
def test_no_serious_accessibility_violation(browser, live_dashboard, name, size):
    open_page(browser, live_dashboard + {**PAGES, **PAGES_EN}[name], size)
    assert axe_violations(browser) == []


@pytest.mark.parametrize("name", list(PAGES) + ["introuvable"])
def test_no_sideways_scrolling_on_a_phone(browser, live_dashboard, name):
    open_page(browser, live_dashboard + {**PAGES, **PAGES_EN}[name], "phone")
    # Elements sticking out of the screen, unless a scrolling or clipping box of theirs holds them
    # within it (a wide table in its own scroll area, the map's tiles).
    overflow = browser.execute_script("""
        const w = document.documentElement.clientWidth;
        const held = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 1) return true;
        } return false; };
        return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length && !held(e))
            .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + (e.getAttribute('class') || ''));""")
    assert overflow == []


def test_phone_menu_is_collapsed_and_the_map_in_the_first_screen(browser, live_dashboard):
    open_page(browser, live_dashboard + "/", "phone")
    nav = browser.find_element(By.ID, "site-nav")
    assert not nav.is_displayed()
    browser.find_element(By.ID, "menu-toggle").click()
    WebDriverWait(browser, 5).until(lambda d: nav.is_displayed())
    assert browser.find_element(By.ID, "menu-toggle").get_attribute("aria-expanded") == "true"
    browser.find_element(By.ID, "menu-toggle").click()
    top = browser.execute_script("return document.getElementById('map').getBoundingClientRect().top")
    assert top < browser.execute_script("return window.innerHeight")


# Kilometres a pixel of the map's scale bar: its view's scale.
SCALE = """const bar = document.querySelector('#map .leaflet-control-scale-line');
    return bar && parseFloat(bar.style.width) ? parseFloat(bar.textContent) * (/ km/.test(bar.textContent) ? 1 : 0.001)
        / parseFloat(bar.style.width) : 0"""


def test_phone_map_shows_mainland_france(browser, live_dashboard):
    """A phone's narrow map is created fitted to mainland France (assets/map.js), also when it mounts
    late (reached by the menu, its library loaded then); a wider screen keeps the national view's zoom."""
    open_page(browser, live_dashboard + "/")
    desktop = browser.execute_script(SCALE)
    open_page(browser, live_dashboard + "/", "phone")
    phone = browser.execute_script(SCALE)
    assert phone > 1.1 * desktop  # zoomed out to show all of it: 2.9 km a pixel against 2.4
    open_page(browser, live_dashboard + "/donnees", "phone")
    browser.find_element(By.ID, "menu-toggle").click()
    browser.find_element(By.CSS_SELECTOR, "#site-nav a[href='/']").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(SCALE) > 0)
    assert abs(browser.execute_script(SCALE) - phone) < 0.01 * phone
    browser.set_window_size(*SIZES["desktop"])


def test_overseas_and_mainland_buttons_move_the_map(browser, live_dashboard):
    open_page(browser, live_dashboard + "/")
    national = browser.execute_script(SCALE)
    browser.find_element(By.XPATH, "//button[text()='La Réunion']").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(SCALE) < national / 8)  # zoom 9 against 5.5
    browser.find_element(By.ID, "zoom-metropole").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(SCALE) > national / 2)
    assert not severe_console_errors(browser)


def test_search_by_name_zooms_the_map_and_opens_the_card(browser, live_dashboard):
    open_page(browser, live_dashboard + "/vue-ensemble")
    box = browser.find_element(By.ID, "place-q")
    box.send_keys("belfort")
    wait_css(browser, "#place-results .place-result")
    first = browser.find_element(By.CSS_SELECTOR, "#place-results .place-result")
    assert "Belfort" in first.text and "commune" in first.text
    first.click()
    wait_text(browser, "#map-detail", "Belfort (90010)")
    assert "Couvert par" in browser.find_element(By.ID, "map-detail").text
    assert "place=commune%3A90010" in browser.current_url or "place=commune:90010" in browser.current_url
    # Zoomed on Belfort: the councils in view are the Territoire de Belfort's, not Paris's.
    wait_text(browser, "#map-in-view", "CLSM test — Belfort")
    WebDriverWait(browser, 10).until(lambda d: "Paris" not in d.find_element(By.ID, "map-in-view").text)
    wait_drawn(browser, "layer-selection", 1)  # the place is outlined
    assert drawn(browser, "layer-selection") == 1
    wait_drawn(browser, "layer-contours", 6)  # city zoom: commune and QPV contours
    assert not severe_console_errors(browser)


def test_search_page_finds_an_arrondissement_by_name(browser, live_dashboard):
    open_page(browser, live_dashboard + "/recherche?commune=Paris%2013e")
    wait_text(browser, "#r-answer", "Paris 13e Arrondissement (75113)")
    assert "CLSM test — Paris 13e" in browser.find_element(By.ID, "r-answer").text


def test_unknown_commune_is_the_users_input_not_a_service_failure(browser, live_dashboard):
    open_page(browser, live_dashboard + "/recherche?commune=Nullepart-sur-Rien")
    wait_text(browser, "#r-answer", "Introuvable")
    assert "ne répond pas" not in browser.find_element(By.ID, "r-answer").text


def test_shading_does_not_block_clicks_on_councils(browser, live_dashboard):
    # Zoomed on the Territoire de Belfort, where its councils are; then the user picks a shading
    # (the départements are redrawn: before, they came back on top of the councils).
    open_page(browser, live_dashboard + "/?bbox=6.75,47.55,7.05,47.75")
    pressed = "return [...document.querySelectorAll('.shade-button[aria-pressed=true]')].map(b => b.textContent)"
    assert browser.execute_script(pressed) == ["Aucun"]
    browser.find_element(By.XPATH, "//button[contains(., 'Population couverte')]").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(pressed) == ["Population couverte (%)"])
    WebDriverWait(browser, 20).until(lambda d: len(pixels(d, "shading", None, (0.6, 0.6), limit=100)) == 100)
    # A point of an active council, where the shaded département lies under it: a click there reaches
    # the council's canvas (nothing lies over it).
    WebDriverWait(browser, 10).until(lambda d: pixels(d, "overlay", STATUS_COLOURS["actif"], (0.35, 0.35), True))
    click_at(browser, pixels(browser, "overlay", STATUS_COLOURS["actif"], (0.35, 0.35), True)[0])
    wait_text(browser, "#map-detail", "Historique des statuts")


def _chart_titles(driver) -> list[str]:
    """Each chart's title with its area, and its totals under it."""
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#overview-charts .chart-head")]


def test_overview_charts_follow_the_departement(browser, live_dashboard):
    open_page(browser, live_dashboard + "/vue-ensemble?region=27")
    WebDriverWait(browser, 20).until(lambda d: len(_chart_titles(d)) == 5)
    region_titles = _chart_titles(browser)
    assert sum("Bourgogne-Franche-Comté" in title for title in region_titles) == 3
    open_page(browser, live_dashboard + "/vue-ensemble?region=27&departement=90")
    WebDriverWait(browser, 20).until(lambda d: sum("Territoire de Belfort" in x for x in _chart_titles(d)) == 3)
    titles = _chart_titles(browser)
    assert sum("France entière" in title for title in titles) == 2  # the by-région comparisons say so
    active = browser.find_element(By.CSS_SELECTOR, "#kpis .kpi-value").text
    fte = next(t for t in titles if "ETP de coordination" in t and "Belfort" in t)
    assert f"{active} CLSM actifs" in fte  # the bins add up to the area's councils


def test_french_number_formats(browser, live_dashboard):
    open_page(browser, live_dashboard + "/vue-ensemble")
    wait_text(browser, "#kpis", "France")
    kpis = browser.find_element(By.ID, "kpis").text
    assert re.search(r"\d\u202f\d{3}", kpis)  # 258 586: narrow no-break space between thousands
    assert re.search(r"\d,\d", kpis) and not re.search(r"\d\.\d", kpis)  # 11,1 %, never 11.1
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-fte-regions .bar-value"))
    values = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#chart-fte-regions .bar-value")]
    ticks = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#chart-fte-regions .bar-ticks span")]
    assert all(re.fullmatch(r"\d+,\d\d", v) for v in values), values  # 1,23 ETP pour 100 000 hab.
    assert ticks and not any("." in tick for tick in ticks)
    money = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#chart-funding .bar-value")]
    assert money and all(re.fullmatch(r"[\d\u202f]+(,\d)?\u202fM?€", v) for v in money), money
    open_page(browser, live_dashboard + "/annuaire")
    wait_css(browser, "#a-grid .ag-row")
    grid = browser.find_element(By.ID, "a-grid").text
    assert "Page Size" not in grid and "Actif" in grid and "en_sommeil" not in grid


def test_language_on_the_html_element_and_the_tab(browser, live_dashboard):
    open_page(browser, live_dashboard + "/vue-ensemble?lang=en")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.documentElement.lang") == "en")
    WebDriverWait(browser, 10).until(lambda d: d.title == "CLSM — overview")
    open_page(browser, live_dashboard + "/vue-ensemble")
    assert browser.execute_script("return document.documentElement.lang") == "fr"


def test_404_page_speaks_both_languages(browser, live_dashboard):
    open_page(browser, live_dashboard + "/pas-une-page")
    text = browser.find_element(By.ID, "not-found").text
    assert "Page introuvable" in text and "Page not found" in text


def test_exports_come_first_labelled_in_french(browser, live_dashboard, live_api):
    open_page(browser, live_dashboard + "/donnees")
    links = browser.find_elements(By.CSS_SELECTOR, "#exports a")
    assert len(links) == 6 and all(a.get_attribute("href").startswith(live_api) for a in links)
    assert "tableur CSV" in links[0].text
    assert links[0].location["y"] < browser.find_element(By.CSS_SELECTOR, ".fr-table").location["y"]
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1440


def test_keyboard_sets_the_region_filter(browser, live_dashboard):
    """Dash 4's dropdown is reached by Tab on its button (assets/a11y.js) and driven by keys."""
    open_page(browser, live_dashboard + "/vue-ensemble")
    wait_text(browser, "#kpis", "France")
    button = browser.find_element(By.ID, "f-region")
    assert button.get_attribute("tabindex") == "0"
    assert "Région" in browser.execute_script(
        "return arguments[0].getAttribute('aria-labelledby').split(' ')"
        ".map(id => (document.getElementById(id) || {}).textContent || '').join(' ')", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.XPATH, "//*[@role='option']"))
    browser.switch_to.active_element.send_keys("Bourgogne")
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_text(browser, "#kpis", "Bourgogne-Franche-Comté")
