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
    def values(f: ClientFigure) -> list[Number]:
        return [f.new, f.ended, f.active_at_end, f.ongoing]

    rows = [Row(f.label, values(f)) for f in figures]
    return rows + [Row(_("Alla klienter"), values(total), total=True)]


def _simple_rows(figures: list[Figure], total_label: str, total: int) -> list[Row]:
    return [Row(f.label, [f.count]) for f in figures] + [Row(total_label, [total], total=True)]


def tables(report: AnnualReport) -> list[Table]:
    as_of = date_format(report.as_of, "j F Y")
    client_headers = [_("Nya"), _("Avslutade"), _("Aktiva %(date)s") % {"date": as_of}]
    client_headers.append(_("Under året"))
    client_note = _(
        "Under året: alla som hade kontakt med ett ombud någon gång under året. Nya, "
        "avslutade och aktiva vid årets slut är delar av dem. Åldern är den när kontakten "
        "började."
    )
    by_municipality = []
    if report.clients_by_municipality:
        by_municipality.append(
            Table(
                "klienter-kommun",
                _("Klienter efter kommun"),
                [_("Kommun"), *client_headers],
                _client_rows(report.clients_by_municipality, report.clients),
                client_note,
            )
        )
    active_at_end = report.clients.active_at_end
    return [
        Table(
            "ombud",
            _("Ombud"),
            [_("Uppgift"), _("Antal")],
            [
                Row(_("Ombud som arbetade under året"), [report.ombud]),
                Row(_("Årsarbetare"), [report.fte_years]),
            ],
            _(
                "Årsarbetare: varje ombuds tjänstgöringsgrad gånger den del av året som "
                "ombudet arbetade, räknat på hela året. Ett ombud på 50 % från 1 juli är "
                "0,25 årsarbetare."
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
        *by_municipality,
        Table(
            "fas",
            _("Aktiva klienter efter fas %(date)s") % {"date": as_of},
            [_("Fas"), _("Klienter")],
            _simple_rows(report.phase_at_end, _("Alla aktiva"), active_at_end),
        ),
        Table(
            "forfragningar-vag",
            _("Förfrågningar efter hur de kom in"),
            [_("Hur"), _("Förfrågningar")],
            _simple_rows(report.requests_by_channel, _("Alla förfrågningar"), report.requests),
            _(
                "Alla förfrågningar om ombud under året, också de som aldrig blev en "
                "kontakt. Räknade utan namn."
            ),
        ),
        Table(
            "forfragningar-vem",
            _("Förfrågningar efter vem som hörde av sig"),
            [_("Vem"), _("Förfrågningar")],
            _simple_rows(report.requests_by_referrer, _("Alla förfrågningar"), report.requests),
        ),
        Table(
            "forfragningar-utfall",
            _("Hur det gick med förfrågningarna %(date)s") % {"date": as_of},
            [_("Utfall"), _("Förfrågningar")],
            _simple_rows(report.requests_by_outcome, _("Alla förfrågningar"), report.requests),
        ),
        Table(
            "ko",
            _("Väntelista och väntetid"),
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
            "systemfel-kategori",
            _("Systemfel efter kategori"),
            [_("Kategori"), _("Systemfel")],
            _simple_rows(report.failures_by_category, _("Alla systemfel"), report.failures),
        ),
        Table(
            "systemfel-organisation",
            _("Systemfel efter organisation"),
            [_("Organisation"), _("Systemfel")],
            _simple_rows(report.failures_by_organisation, _("Alla systemfel"), report.failures),
        ),
        Table(
            "systemfel-utfall",
            _("Systemfel efter hur det gått"),
            [_("Status i dag"), _("Systemfel")],
            _simple_rows(report.failures_by_outcome, _("Alla systemfel"), report.failures),
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
