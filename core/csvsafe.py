"""CSV cells a spreadsheet cannot run: every CSV the service writes passes its values here.

A text cell starting with = + - @ (or a tab / carriage return, which some spreadsheets skip) is
read by Excel and LibreOffice as a formula ("CSV injection"). As OWASP advises, such a cell gets a
leading single quote, which makes it plain text. Numbers are left as numbers."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row):
    """A dict (DictWriter) or a sequence (writer) with every cell neutralised."""
    if isinstance(row, dict):
        return {k: neutralise(v) for k, v in row.items()}
    return [neutralise(v) for v in row]
