# ruff: noqa: E501  (the letters' prose reads best one sentence to a line)
"""Make the letter corpus: Swedish letters from authorities and a housing company,
rendered with Pillow and then made to look like phone photos (a few degrees of
rotation, uneven light and a shadow, blur, sensor noise, JPEG compression), each with
its ground truth as JSON (sender, kind, the letter's date, the deadline, the text).

Deterministic: the same seed and the same fonts (Debian's fonts-dejavu-core) give the
same letters. Every name, number and address is made up.

    python scripts/make_letter_corpus.py OUT_DIR [--per-sender 8] [--seed 14]
    python scripts/make_letter_corpus.py tests/letters/corpus --tests   # the few in the repo

The benchmark (benchmarks/letters.py) makes the full corpus itself into
benchmarks/letters/corpus/ (not committed); the tests use the handful committed in
tests/letters/corpus/ (docs/benchmarks.md says why).
"""

import argparse
import datetime
import json
import random
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portal.letters.understand import MONTH_NAMES  # noqa: E402  (pure Python, no Django)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
}
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]

FIRST_NAMES = ["Maja", "Omar", "Linnea", "Jussi", "Fatima", "Erik", "Sanna", "Ali", "Greta"]
LAST_NAMES = ["Andersson", "Lindqvist", "Hassan", "Nieminen", "Berg", "Karlsson", "Öberg"]
STREETS = ["Storgatan", "Björkvägen", "Skolgränd", "Ringvägen", "Hamngatan", "Tallstigen"]
TOWNS = [("Sundsvall", "852 30"), ("Örebro", "702 11"), ("Malmö", "211 45"), ("Umeå", "903 26")]


def long_date(day: datetime.date, year: bool = True) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]}" + (f" {day.year}" if year else "")


def iso(day: datetime.date) -> str:
    return day.isoformat()


@dataclass
class Person:
    name: str
    street: str
    postcode: str
    town: str


@dataclass
class Letter:
    """One letter: its lines (bold ones marked) and what a reader should find in it."""

    sender: str
    organisation: str
    kind: str
    letter_date: datetime.date
    deadline: datetime.date | None
    lines: list[tuple[str, str]] = field(default_factory=list)  # (style, text)
    meeting_at: datetime.datetime | None = None
    amount: str = ""
    case_number: str = ""

    def head(self, text: str) -> None:
        self.lines.append(("head", text))

    def bold(self, text: str) -> None:
        self.lines.append(("bold", text))

    def line(self, text: str) -> None:
        self.lines.append(("text", text))

    def right(self, text: str) -> None:
        self.lines.append(("right", text))

    def gap(self) -> None:
        self.lines.append(("gap", ""))

    def para(self, text: str, width: int = 76) -> None:
        for part in textwrap.wrap(text, width):
            self.line(part)
        self.gap()


def _address(letter: Letter, person: Person) -> None:
    letter.line(person.name)
    letter.line(person.street)
    letter.line(f"{person.postcode} {person.town}")
    letter.gap()


def _sign(letter: Letter, name: str, signer: str) -> None:
    letter.line("Med vänlig hälsning")
    letter.line(name)
    letter.line(signer)


def _deadline_words(rng: random.Random, deadline: datetime.date, letter_date: datetime.date) -> str:
    """How the deadline is written: ISO, with the year, or without (same year only)."""
    choices = ["iso", "long"]
    if deadline.year == letter_date.year:
        choices.append("short")
    style = rng.choice(choices)
    if style == "iso":
        return iso(deadline)
    return "den " + long_date(deadline, year=style == "long")


def _date_line(rng: random.Random, letter: Letter, town: str) -> None:
    style = rng.choice(["datum", "town", "plain"])
    if style == "datum":
        letter.right(f"Datum: {iso(letter.letter_date)}")
    elif style == "town":
        letter.right(f"{town} {long_date(letter.letter_date)}")
    else:
        letter.right(iso(letter.letter_date))


def _opening(
    rng: random.Random,
    letter: Letter,
    person: Person,
    sender: str,
    town: str,
    title: str,
    *,
    below: str = "",
    ref: str = "",
) -> None:
    """The top of every letter: the sender (and a line under it), the place and date, the
    case's reference on the right, the addressee, and the heading in bold."""
    letter.head(sender)
    if below:
        letter.line(below)
    _date_line(rng, letter, town)
    if ref:
        letter.right(ref)
    letter.gap()
    _address(letter, person)
    letter.bold(title)
    letter.gap()


def _money(rng: random.Random, low: int, high: int) -> tuple[int, str]:
    value = rng.randrange(low, high, 10)
    return value, f"{value:,}".replace(",", " ") + " kr"


# --- Templates, per sender ------------------------------------------------------------
# Each: (rng, person, letter_date) -> Letter


def fk_decision(rng, person, day):
    letter = Letter(
        "Försäkringskassan", "forsakringskassan", "decision", day, day + datetime.timedelta(weeks=3)
    )
    case = f"{rng.randrange(1000000, 9999999)}-{rng.randrange(10, 99)}"
    letter.case_number = case
    letter.head("Försäkringskassan")
    letter.line("Box 1164, 621 22 Visby")
    _date_line(rng, letter, "Visby")
    letter.right(f"Ärendenummer: {case}")
    letter.gap()
    _address(letter, person)
    benefit = rng.choice(
        ["bostadstillägg", "aktivitetsersättning", "sjukpenning", "assistansersättning"]
    )
    letter.bold(f"Beslut om {benefit}")
    letter.gap()
    granted = rng.random() < 0.5
    if granted:
        _, amount = _money(rng, 800, 6000)
        letter.para(
            f"Försäkringskassan har beslutat att du får {benefit} med {amount} per månad. Pengarna betalas ut den 25:e varje månad."
        )
    else:
        letter.para(
            f"Försäkringskassan har beslutat att du inte får {benefit}. Vi har gjort bedömningen att du inte uppfyller villkoren enligt socialförsäkringsbalken."
        )
    letter.bold("Om du inte är nöjd med beslutet")
    letter.para(
        "Du kan begära att Försäkringskassan ändrar beslutet. Det kallas att överklaga. Ditt överklagande måste ha kommit in till oss inom tre veckor från den dag du fick del av beslutet."
    )
    letter.para("Har du frågor kan du ringa oss på 0771-524 524.")
    _sign(letter, "Försäkringskassan", rng.choice(["Lena Holm", "Anders Ek", "Sara Nyström"]))
    return letter


def fk_completion(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([14, 18, 21]))
    letter = Letter("Försäkringskassan", "forsakringskassan", "completion", day, deadline)
    case = f"{rng.randrange(1000000, 9999999)}-{rng.randrange(10, 99)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Försäkringskassan",
        "Visby",
        "Begäran om komplettering",
        below="Box 1164, 621 22 Visby",
        ref=f"Ärendenummer: {case}",
    )
    what = rng.choice(
        [
            "ett läkarutlåtande",
            "en kopia på ditt hyreskontrakt",
            "dina kontoutdrag för de senaste tre månaderna",
        ]
    )
    letter.para(f"Vi har tagit emot din ansökan. För att kunna fatta beslut behöver vi {what}.")
    letter.para(
        f"Skicka in kompletteringen senast {_deadline_words(rng, deadline, day)}. Om vi inte får uppgifterna kan vi behöva fatta beslut utifrån det vi redan vet."
    )
    _sign(letter, "Försäkringskassan", rng.choice(["Lena Holm", "Anders Ek"]))
    return letter


def fk_notice(rng, person, day):
    meeting = day + datetime.timedelta(days=rng.randrange(8, 20))
    moment = datetime.datetime.combine(
        meeting, datetime.time(rng.choice([9, 10, 13, 14]), rng.choice([0, 30]))
    )
    tell_by = meeting - datetime.timedelta(days=3)
    letter = Letter("Försäkringskassan", "forsakringskassan", "notice", day, tell_by)
    letter.meeting_at = moment
    _opening(rng, letter, person, "Försäkringskassan", "Sundsvall", "Kallelse till avstämningsmöte")
    letter.para(
        "Du kallas till ett avstämningsmöte om din sjukpenning. På mötet pratar vi om hur du mår och vad som kan hjälpa dig tillbaka till arbete."
    )
    letter.line(f"Tid: {WEEKDAYS[meeting.weekday()]} {long_date(meeting)} kl. {moment:%H.%M}")
    letter.line("Plats: Försäkringskassan, Köpmangatan 12, Sundsvall")
    letter.gap()
    letter.para(
        f"Om du inte kan komma, ring oss senast {_deadline_words(rng, tell_by, day)} på 0771-524 524."
    )
    _sign(letter, "Försäkringskassan", "Maria Sjöberg")
    return letter


def kfm_order(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([10, 14]))
    letter = Letter("Kronofogden", "kronofogden", "payment", day, deadline)
    value, amount = _money(rng, 1500, 40000)
    letter.amount = amount
    case = f"{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}-{rng.randrange(10, 27)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Kronofogden",
        "Sundbyberg",
        "Betalningsföreläggande",
        below="Box 1050, 172 21 Sundbyberg",
        ref=f"Målnummer: {case}",
    )
    creditor = rng.choice(["Telia Sverige AB", "Hemförsäkring Norr AB", "Elbolaget i Sverige AB"])
    letter.para(
        f"{creditor} har ansökt om betalningsföreläggande mot dig. De kräver att du betalar {amount}."
    )
    letter.para(
        f"Du måste svara senast {_deadline_words(rng, deadline, day)}. Om du inte svarar kan Kronofogden besluta att du ska betala."
    )
    letter.line(f"Att betala: {amount}")
    letter.gap()
    _sign(letter, "Kronofogden", "Handläggare Per Lund")
    return letter


def kfm_decision(rng, person, day):
    letter = Letter(
        "Kronofogden", "kronofogden", "decision", day, day + datetime.timedelta(weeks=3)
    )
    case = f"{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}-{rng.randrange(10, 27)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Kronofogden",
        "Sundbyberg",
        "Beslut om utmätning av lön",
        ref=f"Målnummer: {case}",
    )
    _, amount = _money(rng, 1000, 5000)
    letter.para(
        f"Kronofogden har beslutat att din arbetsgivare ska dra {amount} av din lön varje månad. Du får behålla ett förbehållsbelopp att leva på."
    )
    letter.para(
        "Om du inte är nöjd med beslutet kan du överklaga till tingsrätten. Skicka överklagandet till Kronofogden. Det ska ha kommit in inom tre veckor från den dag du fick beslutet."
    )
    _sign(letter, "Kronofogden", "Karin Ahl")
    return letter


def kfm_info(rng, person, day):
    letter = Letter("Kronofogden", "kronofogden", "information", day, None)
    _opening(rng, letter, person, "Kronofogden", "Sundbyberg", "Information om skuldsanering")
    letter.para(
        "Du har frågat om skuldsanering. Här får du information om hur det går till och vad du kan göra själv."
    )
    letter.para(
        "Skuldsanering kan ge dig en ny start om du har skulder som du inte kan betala. Du kan få hjälp av budget- och skuldrådgivningen i din kommun."
    )
    _sign(letter, "Kronofogden", "Kundtjänst")
    return letter


def af_notice(rng, person, day):
    meeting = day + datetime.timedelta(days=rng.randrange(6, 16))
    moment = datetime.datetime.combine(
        meeting, datetime.time(rng.choice([9, 10, 11, 14]), rng.choice([0, 15, 30]))
    )
    letter = Letter("Arbetsförmedlingen", "arbetsformedlingen", "notice", day, None)
    letter.meeting_at = moment
    _opening(rng, letter, person, "Arbetsförmedlingen", "Örebro", "Kallelse till möte")
    letter.para(
        "Du är kallad till ett möte med din handläggare. Vi ska prata om din planering och vilka aktiviteter som passar dig."
    )
    letter.line(f"Tid: {long_date(meeting)} kl. {moment:%H.%M}")
    letter.line("Plats: Arbetsförmedlingen, Drottninggatan 5")
    letter.gap()
    letter.para("Ta med legitimation. Om du inte kommer kan det påverka din ersättning.")
    _sign(letter, "Arbetsförmedlingen", "Jonas Fors")
    return letter


def af_completion(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([7, 10, 14]))
    letter = Letter("Arbetsförmedlingen", "arbetsformedlingen", "completion", day, deadline)
    case = f"Af-{rng.randrange(100000, 999999)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Arbetsförmedlingen",
        "Örebro",
        "Begäran om komplettering av aktivitetsrapport",
        ref=f"Ärendenummer: {case}",
    )
    letter.para(
        "Din aktivitetsrapport för förra månaden saknar uppgifter om vilka jobb du har sökt. Vi behöver fler uppgifter för att kunna bedöma din rätt till ersättning."
    )
    letter.para(
        f"Komplettera rapporten senast {_deadline_words(rng, deadline, day)}. Du kan göra det på webbplatsen eller ringa oss."
    )
    _sign(letter, "Arbetsförmedlingen", "Jonas Fors")
    return letter


def af_decision(rng, person, day):
    letter = Letter(
        "Arbetsförmedlingen",
        "arbetsformedlingen",
        "decision",
        day,
        day + datetime.timedelta(weeks=3),
    )
    case = f"Af-{rng.randrange(100000, 999999)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Arbetsförmedlingen",
        "Örebro",
        "Beslut om aktivitetsstöd",
        ref=f"Ärendenummer: {case}",
    )
    letter.para(
        "Arbetsförmedlingen har beslutat att du får en varning. Det beror på att du inte lämnade din aktivitetsrapport i tid."
    )
    letter.para(
        "Om du vill överklaga beslutet ska ditt överklagande ha kommit in till Arbetsförmedlingen inom tre veckor från den dag du fick del av beslutet."
    )
    _sign(letter, "Arbetsförmedlingen", "Eva Strand")
    return letter


def skv_completion(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([14, 21, 28]))
    letter = Letter("Skatteverket", "skatteverket", "completion", day, deadline)
    case = f"{rng.randrange(100, 999)}-{rng.randrange(100000, 999999)}-{day.year % 100}/{rng.randrange(1000, 9999)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "Skatteverket",
        "Ludvika",
        "Begäran om komplettering",
        below="771 83 Ludvika",
        ref=f"Diarienummer: {case}",
    )
    letter.para(
        "Vi behöver fler uppgifter för att kunna handlägga din inkomstdeklaration. Skicka kvitton på de avdrag du har gjort för resor till och från arbetet."
    )
    letter.para(f"Vi vill ha uppgifterna senast {_deadline_words(rng, deadline, day)}.")
    _sign(letter, "Skatteverket", "Skattehandläggare Nils Berg")
    return letter


def skv_payment(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([20, 25, 30]))
    letter = Letter("Skatteverket", "skatteverket", "payment", day, deadline)
    _, amount = _money(rng, 300, 15000)
    letter.amount = amount
    _opening(rng, letter, person, "Skatteverket", "Solna", "Påminnelse om skatt att betala")
    letter.para(
        "Du har en kvarskatt som inte är betald. Betala till ditt skattekonto, bankgiro 5050-1055."
    )
    letter.line(f"Att betala: {amount}")
    letter.line(f"Betala senast {_deadline_words(rng, deadline, day)}.")
    letter.gap()
    letter.para("Om du inte betalar i tid kan skulden lämnas till Kronofogden.")
    _sign(letter, "Skatteverket", "Skattekonto")
    return letter


def skv_info(rng, person, day):
    letter = Letter("Skatteverket", "skatteverket", "information", day, None)
    _opening(rng, letter, person, "Skatteverket", "Solna", "Information om din deklaration")
    letter.para(
        "Snart är det dags att deklarera. Du kan deklarera i appen, på webben eller på papper. Kontrollera att uppgifterna stämmer."
    )
    _sign(letter, "Skatteverket", "Skatteupplysningen")
    return letter


def csn_decision(rng, person, day):
    letter = Letter("CSN", "csn", "decision", day, day + datetime.timedelta(weeks=3))
    _, amount = _money(rng, 2000, 30000)
    case = f"{rng.randrange(100000, 999999)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        "CSN",
        "Sundsvall",
        "Beslut om återkrav av studiemedel",
        below="Centrala studiestödsnämnden, 851 82 Sundsvall",
        ref=f"Ärendenummer: {case}",
    )
    letter.para(
        f"CSN har beslutat att du ska betala tillbaka {amount} i studiemedel, eftersom du inte har studerat i den omfattning du fick pengar för."
    )
    letter.para(
        "Om du inte är nöjd med beslutet kan du överklaga till Överklagandenämnden för studiestöd. Ditt överklagande ska ha kommit in till CSN inom tre veckor från den dag du fick beslutet."
    )
    _sign(letter, "CSN", "Handläggare Tove Lind")
    return letter


def csn_payment(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([14, 20, 27]))
    letter = Letter("CSN", "csn", "payment", day, deadline)
    _, amount = _money(rng, 400, 3000)
    letter.amount = amount
    _opening(rng, letter, person, "CSN", "Sundsvall", "Påminnelse")
    letter.para(
        "Vi har inte fått betalningen för ditt studielån. Betala så snart du kan för att slippa fler avgifter."
    )
    letter.line(f"Att betala: {amount}")
    letter.line(f"Förfallodag: {iso(deadline)}")
    letter.gap()
    letter.para("Om du inte betalar kan skulden skickas till Kronofogden.")
    _sign(letter, "CSN", "Återbetalning")
    return letter


def csn_completion(rng, person, day):
    deadline = day + datetime.timedelta(days=rng.choice([14, 21]))
    letter = Letter("CSN", "csn", "completion", day, deadline)
    _opening(rng, letter, person, "CSN", "Sundsvall", "Komplettering behövs")
    letter.para(
        "Du har ansökt om nedsättning av din årsbelopp. Vi behöver ett intyg om din inkomst för att kunna pröva ansökan."
    )
    letter.para(f"Skicka intyget till oss senast {_deadline_words(rng, deadline, day)}.")
    _sign(letter, "CSN", "Handläggare Tove Lind")
    return letter


HOUSING = ["Stockholmshem", "Familjebostäder", "Mitthem", "Bostadsbolaget Norrhem"]


def housing_reminder(rng, person, day):
    name = rng.choice(HOUSING)
    deadline = day + datetime.timedelta(days=rng.choice([7, 10, 14]))
    letter = Letter(name, "housing", "payment", day, deadline)
    _, amount = _money(rng, 4500, 12000)
    letter.amount = amount
    _opening(
        rng,
        letter,
        person,
        name,
        person.town,
        "Påminnelse om obetald hyra",
        below="Hyresavdelningen",
    )
    month = MONTH_NAMES[day.month]
    letter.para(
        f"Vi har inte fått hyran för {month}. Hyran för din lägenhet på {person.street} är inte betald."
    )
    letter.line(f"Att betala: {amount}")
    letter.line(f"Betala senast {_deadline_words(rng, deadline, day)}.")
    letter.gap()
    letter.para(
        "Om hyran inte betalas kan vi säga upp ditt hyresavtal. Hör av dig till oss om du inte kan betala, så hittar vi en lösning."
    )
    _sign(letter, name, "Hyresavdelningen")
    return letter


def housing_visit(rng, person, day):
    name = rng.choice(HOUSING)
    visit = day + datetime.timedelta(days=rng.randrange(7, 14))
    moment = datetime.datetime.combine(visit, datetime.time(rng.choice([8, 9, 10, 13]), 0))
    letter = Letter(name, "housing", "notice", day, None)
    letter.meeting_at = moment
    _opening(rng, letter, person, name, person.town, "Kallelse till besiktning av lägenheten")
    letter.para(
        "Vi ska besiktiga alla lägenheter i huset inför renoveringen av badrummen. Hyresgästen behöver inte vara hemma, vi har huvudnyckel."
    )
    letter.line(f"Tid: {long_date(visit)} kl. {moment:%H.%M}")
    letter.gap()
    letter.para("Har du husdjur, ring oss så att vi kan planera besöket.")
    _sign(letter, name, "Förvaltare Jan Ek")
    return letter


def housing_notice_of_rent(rng, person, day):
    name = rng.choice(HOUSING)
    deadline = datetime.date(
        day.year + (day.month == 12), day.month % 12 + 1, 1
    ) - datetime.timedelta(days=1)
    letter = Letter(name, "housing", "payment", day, deadline)
    _, amount = _money(rng, 4500, 12000)
    letter.amount = amount
    _opening(rng, letter, person, name, person.town, "Hyresavi")
    letter.line(f"Hyra för lägenheten, {person.street}")
    letter.line(f"Att betala: {amount}")
    letter.line(f"Förfallodag: {iso(deadline)}")
    letter.line(f"OCR-nummer: {rng.randrange(10**9, 10**10)}")
    letter.gap()
    letter.para("Betala till bankgiro 123-4567. Ange OCR-numret när du betalar.")
    _sign(letter, name, "Kundservice")
    return letter


def social_decision(rng, person, day):
    town = rng.choice(["Sundsvalls kommun", "Örebro kommun", "Malmö stad"])
    letter = Letter(
        "Socialtjänsten", "socialtjansten", "decision", day, day + datetime.timedelta(weeks=3)
    )
    case = f"SN {day.year}/{rng.randrange(100, 9999)}"
    letter.case_number = case
    _opening(
        rng,
        letter,
        person,
        town,
        town.split()[0].rstrip("s"),
        "Beslut om ekonomiskt bistånd",
        below="Socialtjänsten, Individ- och familjeomsorgen",
        ref=f"Dnr: {case}",
    )
    letter.para(
        "Du har ansökt om ekonomiskt bistånd till tandvård. Socialnämnden har beslutat att avslå din ansökan, eftersom kostnaden inte bedöms som skälig."
    )
    letter.para(
        "Om du inte är nöjd med beslutet kan du överklaga till förvaltningsrätten. Skicka överklagandet till socialtjänsten. Det ska ha kommit in inom tre veckor från den dag du fick del av beslutet."
    )
    _sign(letter, "Socialtjänsten", "Socialsekreterare Anna Vik")
    return letter


def social_notice(rng, person, day):
    town = rng.choice(["Sundsvalls kommun", "Örebro kommun", "Malmö stad"])
    meeting = day + datetime.timedelta(days=rng.randrange(5, 12))
    moment = datetime.datetime.combine(
        meeting, datetime.time(rng.choice([9, 10, 13, 15]), rng.choice([0, 30]))
    )
    letter = Letter("Socialtjänsten", "socialtjansten", "notice", day, None)
    letter.meeting_at = moment
    _opening(
        rng,
        letter,
        person,
        town,
        town.split()[0].rstrip("s"),
        "Kallelse till besök",
        below="Socialtjänsten",
    )
    letter.para(
        "Välkommen till ett möte om din ansökan om stöd. Vi vill träffa dig för att prata om din situation och vad du behöver."
    )
    letter.line(f"Tid: {WEEKDAYS[meeting.weekday()]} {long_date(meeting)} kl. {moment:%H.%M}")
    letter.line("Plats: Socialtjänstens reception, Stadshuset")
    letter.gap()
    letter.para("Du får gärna ta med dig någon du litar på.")
    _sign(letter, "Socialtjänsten", "Socialsekreterare Anna Vik")
    return letter


def social_completion(rng, person, day):
    town = rng.choice(["Sundsvalls kommun", "Örebro kommun", "Malmö stad"])
    deadline = day + datetime.timedelta(days=rng.choice([7, 10, 14]))
    letter = Letter("Socialtjänsten", "socialtjansten", "completion", day, deadline)
    _opening(
        rng,
        letter,
        person,
        town,
        town.split()[0].rstrip("s"),
        "Begäran om komplettering",
        below="Socialtjänsten, Ekonomiskt bistånd",
    )
    letter.para(
        "Vi har fått din ansökan om ekonomiskt bistånd. Uppgifter saknas för att vi ska kunna utreda den. Vi behöver dina kontoutdrag och ditt hyreskontrakt."
    )
    letter.para(
        f"Lämna uppgifterna senast {_deadline_words(rng, deadline, day)}. Annars kan vi inte pröva din ansökan."
    )
    _sign(letter, "Socialtjänsten", "Socialsekreterare Anna Vik")
    return letter


SENDERS: dict[str, list[Callable]] = {
    "forsakringskassan": [fk_decision, fk_completion, fk_notice],
    "kronofogden": [kfm_order, kfm_decision, kfm_info],
    "arbetsformedlingen": [af_notice, af_completion, af_decision],
    "skatteverket": [skv_completion, skv_payment, skv_info],
    "csn": [csn_decision, csn_payment, csn_completion],
    "housing": [housing_reminder, housing_visit, housing_notice_of_rent],
    "socialtjansten": [social_decision, social_notice, social_completion],
}


# --- Rendering ------------------------------------------------------------------------

DPI = 170
PAGE = (round(8.27 * DPI), round(11.69 * DPI))  # A4
MARGIN = round(0.9 * DPI)


def render_page(letter: Letter, family: str) -> Image.Image:
    regular, bold = FONTS[family]
    size = round(10.5 / 72 * DPI)
    fonts = {
        "text": ImageFont.truetype(str(FONT_DIR / regular), size),
        "right": ImageFont.truetype(str(FONT_DIR / regular), size),
        "bold": ImageFont.truetype(str(FONT_DIR / bold), round(size * 1.15)),
        "head": ImageFont.truetype(str(FONT_DIR / bold), round(size * 1.6)),
    }
    page = Image.new("L", PAGE, 250)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    step = round(size * 1.45)
    for style, text in letter.lines:
        if style == "gap":
            y += step // 2
            continue
        font = fonts[style]
        x = MARGIN
        if style == "right":
            x = PAGE[0] - MARGIN - round(draw.textlength(text, font=font))
        draw.text((x, y), text, fill=25, font=font)
        y += round(step * (1.5 if style == "head" else 1.15 if style == "bold" else 1.0))
    return page


def photograph(page: Image.Image, rng: random.Random) -> tuple[Image.Image, float]:
    """The page as a phone photo of it on a table: rotation, light, shadow, blur, noise."""
    # One photo in three is a hard one: darker shadow, more blur and noise.
    hard = rng.random() < 1 / 3
    angle = rng.uniform(-5.0, 5.0) if hard else rng.uniform(-3.0, 3.0)
    pad = round(0.06 * page.width)
    table = Image.new("L", (page.width + 2 * pad, page.height + 2 * pad), rng.randrange(70, 120))
    table.paste(page, (pad, pad))
    photo = table.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=90)
    # Uneven light: a gradient from one side, and a soft shadow (a hand, a phone).
    width, height = photo.size
    light = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270]))
    light = light.resize((width, height), Image.Resampling.BILINEAR)
    low = rng.randrange(110, 160) if hard else rng.randrange(150, 205)
    light = light.point(lambda v: low + (255 - low) * v // 255)
    shadow = Image.new("L", (width, height), 255)
    sdraw = ImageDraw.Draw(shadow)
    cx, cy = rng.randrange(width), rng.randrange(height)
    radius = rng.randrange(width // 4, width // 2)
    sdraw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius),
        fill=rng.randrange(90, 140) if hard else rng.randrange(140, 200),
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius / (5 if hard else 2.5)))
    photo = ImageChops.multiply(photo, light)
    photo = ImageChops.multiply(photo, shadow)
    photo = photo.filter(
        ImageFilter.GaussianBlur(rng.uniform(0.9, 1.5) if hard else rng.uniform(0.5, 1.1))
    )
    noise = Image.effect_noise((width, height), rng.uniform(12, 20) if hard else rng.uniform(6, 14))
    photo = ImageChops.add(photo, noise, scale=1.0, offset=-128)
    # A slight colour cast, as a phone's white balance leaves it.
    tint = rng.choice([(255, 246, 232), (240, 244, 255), (255, 255, 245)])
    colour = Image.merge("RGB", [photo.point(lambda v, t=t: v * t // 255) for t in tint])
    return colour, angle


def make_letter(
    index: int, organisation: str, rng: random.Random, start: datetime.date
) -> tuple[Letter, datetime.date]:
    templates = SENDERS[organisation]
    template = templates[index % len(templates)]
    town, postcode = rng.choice(TOWNS)
    person = Person(
        f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
        postcode,
        town,
    )
    day = start + datetime.timedelta(days=rng.randrange(0, 330))
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    letter = template(rng, person, day)
    received = day + datetime.timedelta(days=rng.randrange(1, 6))
    return letter, received


def ground_truth(letter: Letter, received: datetime.date, angle: float, family: str) -> dict:
    return {
        "sender": letter.sender,
        "organisation": letter.organisation,
        "kind": letter.kind,
        "letter_date": letter.letter_date.isoformat(),
        "deadline": letter.deadline.isoformat() if letter.deadline else None,
        "meeting_at": letter.meeting_at.isoformat(timespec="minutes")
        if letter.meeting_at
        else None,
        "amount": letter.amount,
        "case_number": letter.case_number,
        "received": received.isoformat(),
        "rotation_degrees": round(angle, 2),
        "font": family,
        "text": "\n".join(text for style, text in letter.lines if style != "gap"),
    }


def generate(
    out: Path, *, per_sender: int = 8, seed: int = 14, quality: int = 70, width: int = 1600
) -> list[Path]:
    """Write `per_sender` letters for each sender into `out`: NAME.jpg and NAME.json."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    start = datetime.date(2026, 1, 5)
    for organisation in SENDERS:
        for index in range(per_sender):
            rng = random.Random(f"{seed}-{organisation}-{index}")
            letter, received = make_letter(index, organisation, rng, start)
            family = rng.choice(list(FONTS))
            photo, angle = photograph(render_page(letter, family), rng)
            photo = photo.resize(
                (width, round(photo.height * width / photo.width)), Image.Resampling.LANCZOS
            )
            name = f"{organisation}-{index + 1:02d}-{letter.kind}"
            photo.save(out / f"{name}.jpg", "JPEG", quality=quality, optimize=True)
            truth = ground_truth(letter, received, angle, family)
            (out / f"{name}.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
            )
            made.append(out / f"{name}.jpg")
    return made


# The handful committed for the tests: one of each kind that matters most.
TEST_LETTERS = {"forsakringskassan": [0, 1], "kronofogden": [0], "housing": [0]}


def generate_for_tests(out: Path, *, seed: int = 14) -> list[Path]:
    made = []
    out.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2026, 1, 5)
    for organisation, indexes in TEST_LETTERS.items():
        for index in indexes:
            rng = random.Random(f"{seed}-{organisation}-{index}")
            letter, received = make_letter(index, organisation, rng, start)
            family = rng.choice(list(FONTS))
            photo, angle = photograph(render_page(letter, family), rng)
            photo = photo.resize(
                (1200, round(photo.height * 1200 / photo.width)), Image.Resampling.LANCZOS
            )
            name = f"{organisation}-{index + 1:02d}-{letter.kind}"
            photo.save(out / f"{name}.jpg", "JPEG", quality=68, optimize=True)
            truth = ground_truth(letter, received, angle, family)
            (out / f"{name}.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
            )
            made.append(out / f"{name}.jpg")
    return made


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-sender", type=int, default=8)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--tests", action="store_true", help="only the few the tests use")
    args = parser.parse_args(argv)
    if not (FONT_DIR / FONTS["sans"][0]).exists():
        print(f"{FONT_DIR} has no DejaVu fonts: apt-get install fonts-dejavu-core", file=sys.stderr)
        return 1
    if args.tests:
        made = generate_for_tests(args.out, seed=args.seed)
    else:
        made = generate(args.out, per_sender=args.per_sender, seed=args.seed)
    print(f"{len(made)} letters in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
