"""Numbers, percentages, amounts and dates as each language writes them: the one place that decides
how a figure reads, for the pages, the charts (Plotly separators) and the grids (AG Grid locale)."""
from datetime import date, datetime

NNBSP = "\u202f"  # French thousands separator and the space before % and €
DASH = "–"


def number(value: float | int | None, digits: int = 0, lang: str = "fr") -> str:
    """12 345,6 in French, 12,345.6 in English; '–' for a missing value (never 0)."""
    if value is None:
        return DASH
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", NNBSP).replace(".", ",")


def decimal(value: float | None, most_digits: int = 2, lang: str = "fr") -> str:
    """Up to `most_digits` decimals, no trailing zeros: 1,5 ETP, 0,25 ETP, 1 ETP."""
    text = number(value, most_digits, lang)
    sep = "," if lang == "fr" else "."
    return text.rstrip("0").rstrip(sep) if sep in text else text


def percent(share: float | None, digits: int = 1, lang: str = "fr") -> str:
    """A share (0-1) as 79,3 % (French) or 79.3% (English)."""
    if share is None:
        return DASH
    value = number(share * 100, digits, lang)
    return f"{value}{NNBSP}%" if lang == "fr" else f"{value}%"


def euros(amount: float | None, lang: str = "fr") -> str:
    """Whole euros under a million, millions with one decimal above: 45 000 € · 1,2 M€."""
    if amount is None:
        return DASH
    if abs(amount) >= 1_000_000:
        value = number(amount / 1_000_000, 1, lang)
        return f"{value}{NNBSP}M€" if lang == "fr" else f"€{value}M"
    value = number(amount, 0, lang)
    return f"{value}{NNBSP}€" if lang == "fr" else f"€{value}"


def day(value: str | date | datetime | None, lang: str = "fr") -> str:
    """01/01/2024 in French; ISO 2024-01-01 in English (unambiguous for every reader)."""
    if value in (None, ""):
        return DASH
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.strftime("%Y-%m-%d")


def plotly_separators(lang: str = "fr") -> str:
    """Plotly's layout.separators: decimal mark then thousands separator."""
    return "," + NNBSP if lang == "fr" else ".,"


def js_locale(lang: str = "fr") -> str:
    return "fr-FR" if lang == "fr" else "en-GB"


def grid_number(lang: str = "fr", digits: int = 0) -> dict:
    """AG Grid valueFormatter of a numeric column (sorting still uses the number)."""
    return {"function": f"params.value == null ? '{DASH}' : new Intl.NumberFormat('{js_locale(lang)}', "
                        f"{{maximumFractionDigits: {digits}, minimumFractionDigits: {digits}}}).format(params.value)"}


def grid_percent(lang: str = "fr", digits: int = 0) -> dict:
    """AG Grid valueFormatter of a share (0-1) column."""
    return {"function": f"params.value == null ? '{DASH}' : new Intl.NumberFormat('{js_locale(lang)}', "
                        f"{{style: 'percent', maximumFractionDigits: {digits}}}).format(params.value)"}


def grid_date(lang: str = "fr") -> dict:
    if lang == "en":
        return {"function": f"params.value ? params.value.slice(0, 10) : '{DASH}'"}
    return {"function": f"params.value ? params.value.slice(8, 10) + '/' + params.value.slice(5, 7) + '/' "
                        f"+ params.value.slice(0, 4) : '{DASH}'"}


# AG Grid's own texts (pagination, filters, menus); English is AG Grid's default.
GRID_LOCALE_FR = {
    "page": "Page", "of": "sur", "to": "à", "more": "plus", "next": "Suivant", "last": "Dernier",
    "first": "Premier", "previous": "Précédent", "pageSizeSelectorLabel": "Lignes par page :",
    "pageLastRowUnknown": "?", "ariaPageSizeSelectorLabel": "Lignes par page",
    "ariaPaginationPage": "Page", "ariaPaginationTotalPages": "Nombre de pages", "ariaPaginationRowCount": "Lignes",
    "ariaPaginationFirstPage": "Première page", "ariaPaginationPreviousPage": "Page précédente",
    "ariaPaginationNextPage": "Page suivante", "ariaPaginationLastPage": "Dernière page",
    "loadingOoo": "Chargement…", "noRowsToShow": "Aucune ligne", "loadingError": "Erreur",
    "filterOoo": "Filtrer…", "equals": "Égal à", "notEqual": "Différent de", "blank": "Vide",
    "notBlank": "Non vide", "empty": "Choisir…", "lessThan": "Inférieur à", "greaterThan": "Supérieur à",
    "lessThanOrEqual": "Inférieur ou égal à", "greaterThanOrEqual": "Supérieur ou égal à",
    "inRange": "Entre", "inRangeStart": "de", "inRangeEnd": "à", "contains": "Contient",
    "notContains": "Ne contient pas", "startsWith": "Commence par", "endsWith": "Se termine par",
    "andCondition": "ET", "orCondition": "OU", "applyFilter": "Appliquer", "resetFilter": "Réinitialiser",
    "clearFilter": "Effacer", "cancelFilter": "Annuler", "selectAll": "(Tout sélectionner)",
    "searchOoo": "Rechercher…", "noMatches": "Aucun résultat", "columns": "Colonnes", "filters": "Filtres",
    "pinColumn": "Épingler la colonne", "autosizeThisColumn": "Ajuster cette colonne",
    "autosizeAllColumns": "Ajuster toutes les colonnes", "resetColumns": "Réinitialiser les colonnes",
    "sortAscending": "Tri croissant", "sortDescending": "Tri décroissant", "sortUnSort": "Annuler le tri",
    "ariaFilterInput": "Valeur du filtre", "ariaFilteringOperator": "Opérateur de filtre",
    "ariaColumnFilter": "Filtre de colonne", "ariaSearch": "Rechercher",
}


def grid_options(lang: str = "fr", page_size: int = 50) -> dict:
    """dashGridOptions shared by every grid: paginated, in the page's language."""
    options = {"pagination": True, "paginationPageSize": page_size, "paginationPageSizeSelector": [20, 50, 100]}
    if lang == "fr":
        options["localeText"] = GRID_LOCALE_FR
    return options
