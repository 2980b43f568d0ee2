"""Component libraries that only some pages use are left out of the other pages' HTML: AG Grid's
1.3 MB of JavaScript were compiled on every first visit before Dash started. Dash's polyfill is left
out of every page (assets/regenerator.js says why and stands in for the part Dash uses).
Such a page names the library's file in a <meta>; assets/lazy_libraries.js stands in for the library
and loads it when one of its components first mounts (a client-side visit to a grid page). A page whose
first view is drawn without a library it uses (the map's national view: an image first) names it the same
way and preloads it: its script is fetched with the others and runs after that view's paint."""
import re
import sys

import dash
import flask

from dashboard import map_layers

# dash-leaflet: 0.3 MB compiled on every page, for the map pages only. Dash's DataTable: no page draws
# one, yet Dash puts its script in every page.
LAZY = {"dash_ag_grid": "dash_ag_grid", "dash_table": "dash/dash_table", "dash_leaflet": "dash_leaflet"}
POLYFILL = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/deps/polyfill@[^"]*\.js"></script>\n?')


def eager_paths(namespace: str) -> set[str]:
    """Paths of the pages whose module imports the library: their HTML keeps its script."""
    library = sys.modules.get(namespace) or sys.modules[f"dash.{namespace}"]
    return {page.get("path_template") or page["path"] for page in dash.page_registry.values()
            if any(value is library for value in vars(sys.modules[page["module"]]).values())}


def _eager(path: str, templates: set[str]) -> bool:
    return any(re.fullmatch(re.sub(r"<[^>]+>", "[^/]+", t), path) for t in templates)


def deferred() -> set[str]:
    """Libraries this page's first view is drawn without, though the page uses them: the map's national view
    is first an image of its layers (pages/carte.py), the map library runs once it is drawn."""
    return {"dash_leaflet"} if map_layers.page_shows_picture() else set()


def without_lazy(scripts: str, path: str, eager: dict[str, set[str]],
                 later: set[str] = frozenset()) -> tuple[str, list[str]]:
    """(scripts without the polyfill and the libraries this path does not use or uses `later`, <meta> tags
    naming their files; those used later are also preloaded: fetched with the page's scripts)."""
    scripts, metas = POLYFILL.sub("", scripts), []
    for namespace, templates in eager.items():
        if _eager(path, templates) and namespace not in later:
            continue
        tag = re.search(rf'<script src="([^"]*/_dash-component-suites/{LAZY[namespace]}/[^"]*\.js)"></script>\n?',
                        scripts)
        if tag:
            scripts = scripts.replace(tag.group(0), "")
            metas.append(f'<meta name="clsm-lazy-library" data-namespace="{namespace}" content="{tag.group(1)}">')
            if namespace in later:
                metas.append(f'<link rel="preload" href="{tag.group(1)}" as="script">')
    return scripts, metas


def install(app: dash.Dash) -> None:
    index, eager = app.interpolate_index, {}

    def lazy_index(**parts) -> str:
        if not eager:  # the pages are registered once the app serves
            eager.update({namespace: eager_paths(namespace) for namespace in LAZY})
        parts["scripts"], metas = without_lazy(parts["scripts"], flask.request.path, eager, deferred())
        return index(**parts).replace("<head>", "<head>\n" + "\n".join(metas), 1)

    app.interpolate_index = lazy_index
