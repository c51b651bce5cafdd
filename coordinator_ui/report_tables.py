"""The annual report as tables: the page and the CSV file show the same tables in the same
order, so they cannot disagree. The figures and what they mean are in
portal.queries.reporting."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.queries.reporting import AnnualReport, ClientFigure, Figure

# Cells hold numbers (int, Decimal, float) or None (not known).

Number = int | float | Decimal | None


@dataclass(frozen=True)
class Row:
    label: str
    values: list[Number]
    total: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    caption: str
    headers: list[str]  # the first names the row labels' column
    rows: list[Row]
    note: str = ""


def _client_rows(figures: list[ClientFigure], total: ClientFigure) -> list[Row]:
    rows = [Row(f.label, [f.new, f.ended, f.ongoing]) for f in figures]
    return rows + [Row(_("Alla klienter"), [total.new, total.ended, total.ongoing], total=True)]


def _simple_rows(figures: list[Figure], total_label: str, total: int) -> list[Row]:
    return [Row(f.label, [f.count]) for f in figures] + [Row(total_label, [total], total=True)]


def tables(report: AnnualReport) -> list[Table]:
    client_headers = [_("Nya"), _("Avslutade"), _("Under året")]
    client_note = _(
        "Under året: alla som hade kontakt med ett ombud någon gång under året. Nya och "
        "avslutade är delar av dem. Åldern är den när kontakten började."
    )
    as_of = date_format(report.as_of, "j F Y")
    return [
        Table(
            "ombud",
            _("Ombud"),
            [_("Uppgift"), _("Antal")],
            [
                Row(_("Ombud"), [report.ombud]),
                Row(_("Heltidstjänster"), [report.fte]),
            ],
            _(
                "Ombuden och deras tjänstgöringsgrad som de är i dag: appen sparar ingen "
                "historik över personalen."
            ),
        ),
        Table(
            "klienter-kon",
            _("Klienter efter kön"),
            [pgettext("gender", "Kön"), *client_headers],
            _client_rows(report.clients_by_gender, report.clients),
            client_note,
        ),
        Table(
            "klienter-alder",
            _("Klienter efter ålder"),
            [_("Ålder"), *client_headers],
            _client_rows(report.clients_by_age_band, report.clients),
            client_note,
        ),
        Table(
            "ko",
            _("Kö och väntetid"),
            [_("Uppgift"), _("Antal")],
            [
                Row(_("Väntade på ombud %(date)s") % {"date": as_of}, [report.queue_length]),
                Row(_("Väntetid till ombud, median (dagar)"), [report.waiting_median_days]),
                Row(_("Fick ombud under året efter en förfrågan"), [report.waiting_counted]),
            ],
            _(
                "Väntetiden räknas från förfrågan till kontaktens start, för dem som fick "
                "ombud under året."
            ),
        ),
        Table(
            "livsomraden",
            _("Klienter med uppdrag inom livsområdet"),
            [_("Livsområde"), _("Klienter")],
            _simple_rows(
                report.life_areas,
                _("Klienter med minst ett uppdrag"),
                report.clients_with_assignments,
            ),
            _(
                "Antal klienter under året med minst ett uppdrag inom området, inte antal "
                "uppdrag. En klient kan ha uppdrag inom flera områden."
            ),
        ),
        Table(
            "avslut",
            _("Hur kontakterna avslutades"),
            [_("Hur"), _("Kontakter")],
            _simple_rows(report.ended_how, _("Alla avslutade"), report.clients.ended),
        ),
        Table(
            "systemfel-niva",
            _("Systemfel efter nivå"),
            [_("Nivå"), _("Systemfel")],
            _simple_rows(report.failures_by_level, _("Alla systemfel"), report.failures),
            _("Systemfel med datum under året, oavsett status."),
        ),
        Table(
            "systemfel-organisation",
            _("Systemfel efter organisation"),
            [_("Organisation"), _("Systemfel")],
            _simple_rows(report.failures_by_organisation, _("Alla systemfel"), report.failures),
        ),
        Table(
            "systemfel-igen",
            _("Systemfel som mötts igen"),
            [_("Uppgift"), _("Antal")],
            [Row(_("Gånger ett systemfel mötts igen under året"), [report.failures_seen_again])],
        ),
    ]


def plain_number(value: Number) -> int | Decimal | None:
    """An integer if the value is whole, else a Decimal with at most two decimals and no
    trailing zeros (2.50 → 2.5, 3.00 → 3)."""
    if value is None or isinstance(value, int):
        return value
    rounded = Decimal(str(value)).quantize(Decimal("0.01"))
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return Decimal(str(rounded).rstrip("0"))


def swedish_number(value: Number) -> str:
    """For the CSV file: a decimal comma, as Swedish Excel reads it; nothing if unknown."""
    plain = plain_number(value)
    return "" if plain is None else str(plain).replace(".", ",")
