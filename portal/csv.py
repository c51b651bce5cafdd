"""Every CSV download, written one way: for Excel as used in Sweden.

UTF-8 with a byte order mark (without it Excel reads å, ä and ö wrongly), `;` between
fields (Swedish Excel reads `,` as the decimal sign) and CRLF line ends. Every cell goes
through the formula guard: text that a spreadsheet would run as a formula (it starts with
= + - @, a tab or a carriage return) is written with a leading apostrophe, so it stays
plain text. A typed organisation name like `=HYPERLINK(...)` can never become a live link.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One cell as plain text: None is empty, a formula-like text gets an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_response(filename: str, rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A download of `rows`; `filename` is ours (never typed by a user)."""
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
