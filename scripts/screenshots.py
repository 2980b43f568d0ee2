"""Screenshots of every dashboard page on the loaded (national) database, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py      (make screenshots)
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from bench.live import chromium, serve_api, serve_dashboard  # noqa: E402
from core.settings import get_settings  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {"carte": "/", "carte-choroplethe": "/?mode=share_covered", "vue-ensemble": "/vue-ensemble",
         "priorites": "/priorites", "annuaire": "/annuaire", "recherche": "/recherche?commune=59512",
         "donnees": "/donnees", "fiche": "/annuaire/CLSM-0010", "evolution": "/evolution",
         "evolution-2015": "/evolution?year=2015", "ruralite": "/ruralite", "priorites-rural": "/priorites?view=rural",
         "carte-rural": "/?mode=rural_share_covered", "connexion": "/connexion",
         "recherche-nom": "/recherche?commune=Marseille%2013e",
         "carte-lieu": "/?place=commune:59512&bbox=3.152,50.66872,3.21551,50.70872",
         "territoire": "/territoire?level=region&code=32"}
PHONE = {"carte-mobile": "/", "vue-ensemble-mobile": "/vue-ensemble", "donnees-mobile": "/donnees"}
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
MAP_DRAWN = "#map[data-drawn-layer-qpv]"  # the QPV on the map (counted by the page: they are on a canvas)
READY = {"vue-ensemble": "#overview-charts .bar", "vue-ensemble-mobile": "#overview-charts .bar",
         "evolution": "#evo-charts .main-svg", "ruralite": "#r-chart-regions .main-svg", "annuaire": ".ag-row",
         "priorites": ".ag-row", "territoire": "#t-kpis", "carte": MAP_DRAWN, "carte-choroplethe": MAP_DRAWN,
         "carte-rural": MAP_DRAWN, "carte-lieu": MAP_DRAWN, "carte-mobile": MAP_DRAWN}


def main() -> None:
    settings = get_settings()
    api_url, stop_api = serve_api(settings)
    dash_url, stop_dash = serve_dashboard(settings, api_url)
    driver = chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in list(PAGES.items()) + list(PHONE.items()):
            driver.set_window_size(*SIZES["phone" if name in PHONE else "desktop"])
            driver.get(dash_url + path)
            WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#footer small")))
            if name in READY:
                WebDriverWait(driver, 90).until(EC.presence_of_element_located((By.CSS_SELECTOR, READY[name])))
            time.sleep(5)  # charts and map layers settle
            driver.save_screenshot(str(OUT / f"{name}.png"))
            print("saved", OUT / f"{name}.png")
    finally:
        driver.quit()
        stop_dash()
        stop_api()


if __name__ == "__main__":
    main()
