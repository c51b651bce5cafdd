"""portal.csv: one cell as plain text, and a whole file as Excel in Sweden reads it."""

import datetime
from decimal import Decimal

import pytest

from portal.csv import cell, csv_text


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","y")', "+SUMMA(1;1)", "-1+1", "@SUMMA(1;1)", "\t=1+1", "\r=1+1"],
    ids=["equals", "plus", "minus", "at", "tab", "return"],
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(typed):
    assert cell(typed) == "'" + typed


@pytest.mark.parametrize(
    "value,written",
    [
        ("Försäkringskassan", "Försäkringskassan"),
        ("1+1=2", "1+1=2"),  # only the start decides
        (" =1+1", " =1+1"),
        ("'=1+1", "'=1+1"),  # already text: no second apostrophe
        ("", ""),
        (None, ""),
        (3, "3"),
        (Decimal("2.5"), "2.5"),
        (datetime.date(2026, 3, 1), "2026-03-01"),
    ],
)
def test_every_other_cell_is_written_as_it_is(value, written):
    assert cell(value) == written


def test_a_file_has_a_byte_order_mark_semicolons_crlf_and_every_cell_guarded():
    text = csv_text([["Organisation", "Systemfel"], ["=Kommunen", 2], ["Psykiatrin; vuxen", 1]])
    assert text == ('\ufeffOrganisation;Systemfel\r\n\'=Kommunen;2\r\n"Psykiatrin; vuxen";1\r\n')
