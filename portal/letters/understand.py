"""What matters in a letter's recognised text: who sent it, what kind of letter it is,
its date, the deadline, a meeting time, an amount and the case number.

Rules, not a model: each rule can be read, tested on text and explained to the person
("titta på rad 12"). Every value found carries its certainty and the line it came from
(1-based, counting the lines of the text as given). The rules never guess silently:

- a value is *certain* only when a clear cue says what it is ("Datum:", "senast den …",
  a letterhead) and nothing else in the letter contradicts it;
- a date that fails a plausibility check (no such day, a deadline before the letter's
  date, a year far from the letter's or from the day it arrived) is never certain;
- a deadline written as a rule ("inom tre veckor från att du fick beslutet") is counted
  from the letter's date, which is never later than the day it arrived, so the date
  shown is never later than the real one; the rule is kept to be shown beside it.

Pure: no Django, no database, no files. `understand(text, received=date)`.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

# Kinds of letter (the values stored on a Letter).
DECISION = "decision"  # beslut
COMPLETION = "completion"  # begäran om komplettering
NOTICE = "notice"  # kallelse till ett möte
PAYMENT = "payment"  # betalningskrav, faktura, påminnelse, föreläggande
INFORMATION = "information"
KINDS = (DECISION, COMPLETION, NOTICE, PAYMENT, INFORMATION)


@dataclass(frozen=True)
class Found(Generic[T]):
    """One value read from the letter: what, how sure, and from which line."""

    value: T | None = None
    certain: bool = False
    line: int | None = None
    # How a computed value was reached, e.g. "tre veckor från 3 november".
    rule: str = ""

    @property
    def found(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Reading:
    organisation: str  # an Organisation value ("forsakringskassan"), or "" when none fits
    sender: Found[str]  # the name to show ("Försäkringskassan", "Stockholmshem")
    kind: Found[str]
    case_number: Found[str]
    letter_date: Found[datetime.date]
    deadline: Found[datetime.date]
    meeting_at: Found[datetime.datetime]
    amount: Found[str]  # as shown: "4 350 kr"
    # Lines where something looked like a date but is not one ("31 november").
    unreadable_dates: list[int] = field(default_factory=list)


# --- Senders ------------------------------------------------------------------------

# (organisation value, name to show, pattern). The organisation values are those of
# portal.models.consent.Organisation; "" for senders that have no consent choice.
_SENDERS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "forsakringskassan",
        "Försäkringskassan",
        re.compile(r"f[öo0]rs[äa]kr[il1]ngs\s?kassan", re.I),
    ),
    ("kronofogden", "Kronofogden", re.compile(r"kronofogde(n|myndigheten)?\b", re.I)),
    ("arbetsformedlingen", "Arbetsförmedlingen", re.compile(r"arbetsf[öo0]rmedlingen", re.I)),
    ("skatteverket", "Skatteverket", re.compile(r"skatteverket", re.I)),
    (
        "csn",
        "CSN",
        re.compile(r"\bCSN\b|centrala\s+studiest[öo]dsn[äa]mnden", re.I),
    ),
    ("migrationsverket", "Migrationsverket", re.compile(r"migrationsverket", re.I)),
    ("overformyndaren", "Överförmyndaren", re.compile(r"[öo]verf[öo]rmyndar(en|n[äa]mnden)", re.I)),
    (
        "socialtjansten",
        "Socialtjänsten",
        re.compile(
            r"socialtj[äa]nst(en)?|socialf[öo]rvaltning(en)?|socialn[äa]mnd(en)?|"
            r"individ-?\s+och\s+familjeomsorg(en)?|ekonomiskt\s+bist[åa]nd",
            re.I,
        ),
    ),
    ("psykiatrin", "Psykiatrin", re.compile(r"psykiatri(n|ska)?\b", re.I)),
    ("vardcentral", "Vårdcentralen", re.compile(r"v[åa]rdcentral(en)?", re.I)),
]
# A housing company: a name like "Stockholmshem", "Familjebostäder", "Hyresbolaget AB".
_HOUSING = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäö]+(?:hem|bost[äa]der|bostad|fastigheter|hus)(?:\s+AB)?|"
    r"(?:AB\s+)?[A-ZÅÄÖ][a-zåäö]+\s+(?:Bost[äa]der|Fastigheter|Hyresbost[äa]der)(?:\s+AB)?)\b"
)
_HOUSING_CUES = re.compile(r"hyr(a|an|esavi|esg[äa]st|esavtal|esv[äa]rd)|l[äa]genhet", re.I)
# A municipality or region as the sender: "Malmö stad", "Sundsvalls kommun", "Region Skåne".
_MUNICIPALITY = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+s?\s+(?:kommun|stad))\b")
_REGION = re.compile(r"\bRegion\s+[A-ZÅÄÖ][a-zåäö]+\b")

# The letterhead and the signature: where the sender names itself.
_HEAD_LINES = 10


def _find_sender(lines: list[str]) -> tuple[str, Found[str]]:
    scores: dict[tuple[str, str], list[int]] = {}

    def hit(org: str, name: str, number: int) -> None:
        scores.setdefault((org, name), []).append(number)

    for number, line in enumerate(lines, 1):
        for org, name, pattern in _SENDERS:
            if pattern.search(line):
                hit(org, name, number)
        housing = _HOUSING.search(line)
        if housing and not any(p.search(housing.group(0)) for _, _, p in _SENDERS):
            hit("housing", housing.group(1).strip(), number)
        municipality = _MUNICIPALITY.search(line)
        if municipality:
            hit("socialtjansten", municipality.group(1), number)
        region = _REGION.search(line)
        if region:
            hit("vardcentral", region.group(0), number)
    if not scores:
        return "", Found()
    has_housing_words = any(_HOUSING_CUES.search(line) for line in lines)
    signature = _signature_start(lines)

    def score(item: tuple[tuple[str, str], list[int]]) -> float:
        (org, _name), numbers = item
        points = 0.0
        for number in numbers:
            points += 1.0
            if number <= _HEAD_LINES:
                points += 3.0
            if signature is not None and number >= signature:
                points += 2.0
        if org == "housing" and not has_housing_words:
            points -= 2.0
        return points

    ranked = sorted(scores.items(), key=score, reverse=True)
    (org, name), numbers = ranked[0]
    best = score(ranked[0])
    runner_up = score(ranked[1]) if len(ranked) > 1 else 0.0
    in_head = numbers[0] <= _HEAD_LINES or (signature is not None and numbers[-1] >= signature)
    certain = in_head and best >= runner_up + 3.0 and best >= 4.0
    if org == "housing" and not has_housing_words:
        certain = False
    where = next((n for n in numbers if n <= _HEAD_LINES), numbers[0])
    return org, Found(name, certain, where)


def _signature_start(lines: list[str]) -> int | None:
    for number, line in enumerate(lines, 1):
        if re.search(r"med\s+v[äa]nlig(a)?\s+h[äa]lsning(ar)?", line, re.I):
            return number
    return None


# --- Kind of letter ---------------------------------------------------------------

_KIND_WORDS: list[tuple[str, re.Pattern[str], float]] = [
    (DECISION, re.compile(r"\bbeslut(et|ar|sdatum)?\b", re.I), 1.0),
    (
        DECISION,
        re.compile(r"vi\s+har\s+(beslutat|bestämt)|har\s+beviljats|avslag|avsl[åa]r", re.I),
        2.0,
    ),
    (DECISION, re.compile(r"[öo]verklaga", re.I), 1.5),
    (COMPLETION, re.compile(r"komplett?er(a|ing|ingen)", re.I), 3.0),
    (
        COMPLETION,
        re.compile(
            r"vi\s+beh[öo]ver\s+(fler|mer|f[åa]|ytterligare)|uppgifter\s+saknas|saknar\s+uppgifter",
            re.I,
        ),
        2.0,
    ),
    (NOTICE, re.compile(r"kallelse|kallar\s+dig|kallas\s+till", re.I), 3.0),
    (
        NOTICE,
        re.compile(
            r"v[äa]lkommen\s+(till|p[åa])\s+(ett\s+)?(m[öo]te|bes[öo]k|samtal)|bokad\s+tid|du\s+har\s+en\s+tid",
            re.I,
        ),
        2.0,
    ),
    (
        PAYMENT,
        re.compile(
            r"betalningskrav|betalningsf[öo]rel[äa]ggande|inkassokrav|faktura|hyresavi", re.I
        ),
        3.0,
    ),
    (
        PAYMENT,
        re.compile(
            r"p[åa]minnelse|att\s+betala|betala(s)?\s+senast|f[öo]rfallodag|skuld(en)?\b|återbetal",
            re.I,
        ),
        1.5,
    ),
    (
        INFORMATION,
        re.compile(
            r"information\s+(om|till)|för\s+din\s+kännedom|vi\s+vill\s+informera|bra\s+att\s+veta",
            re.I,
        ),
        2.0,
    ),
]
# A title line says it outright: "Beslut om bostadstillägg", "Kallelse till möte".
_TITLES: list[tuple[str, re.Pattern[str]]] = [
    (COMPLETION, re.compile(r"^\W*(beg[äa]ran\s+om\s+)?komplettering", re.I)),
    (DECISION, re.compile(r"^\W*beslut\b", re.I)),
    (NOTICE, re.compile(r"^\W*kallelse\b", re.I)),
    (
        PAYMENT,
        re.compile(
            r"^\W*(betalningskrav|betalningsf[öo]rel[äa]ggande|faktura|p[åa]minnelse|hyresavi|inkassokrav|ans[öo]kan\s+om\s+betalningsf[öo]rel[äa]ggande)",
            re.I,
        ),
    ),
    (INFORMATION, re.compile(r"^\W*(information|meddelande)\b", re.I)),
]


def _find_kind(lines: list[str]) -> Found[str]:
    for number, line in enumerate(lines[:25], 1):
        words = line.split()
        if not 1 <= len(words) <= 9:
            continue
        for kind, pattern in _TITLES:
            if pattern.search(line):
                return Found(kind, True, number)
    points: dict[str, float] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        for kind, pattern, weight in _KIND_WORDS:
            if pattern.search(line):
                points[kind] = points.get(kind, 0.0) + weight
                first_line.setdefault(kind, number)
    if not points:
        return Found(INFORMATION, False, None)
    ranked = sorted(points.items(), key=lambda item: item[1], reverse=True)
    kind, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return Found(kind, best >= 3.0 and best >= 2 * runner_up, first_line[kind])


# --- Dates ------------------------------------------------------------------------

_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES = [
    "",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WRITTEN = re.compile(
    rf"\b(\d{{1,2}})(?::?e)?\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?(?![a-zåäö])", re.I
)
_ISO = re.compile(r"(?<!\d)(\d{4})\s?[-–.]\s?(\d{1,2})\s?[-–.]\s?(\d{1,2})(?!\d)")
# "kl. 9.30", "klockan 10"; or on a "Tid:" line, a time with its minutes ("10.00"), never
# the day that may stand first ("Tid: 8 september 2026 kl. 09.30").
_CLOCK = re.compile(r"\bkl(?:ockan)?\.?\s*(\d{1,2})(?:[.:](\d{2}))?\b", re.I)
_TIME_LINE = re.compile(r"^\W*tid\b", re.I)
_HOURS_MINUTES = re.compile(r"(?<![\d.:-])(\d{1,2})[.:](\d{2})(?![\d.:-])")


@dataclass(frozen=True)
class _DateSeen:
    line: int
    start: int
    date: datetime.date | None  # None: it looked like a date but no such day exists
    has_year: bool
    raw: str


def _digits_fixed(line: str) -> str:
    """Letters Tesseract reads in place of digits, where digits stand on both sides or a
    date's dash follows: "2O26-11-O3" → "2026-11-03". Same length, so positions hold."""
    line = re.sub(r"(?<=[\d\-])[Oo](?=[\d\-])|(?<=\d)[Oo](?=\b)|(?<=\b)[Oo](?=\d)", "0", line)
    line = re.sub(r"(?<=\d)[lI|](?=[\d\-]|\W|$)|(?<=[\d\-])[lI|](?=\d)", "1", line)
    return line


def _dates_in(line: str, number: int, year_hint: int) -> list[_DateSeen]:
    seen: list[_DateSeen] = []
    for match in _ISO.finditer(line):
        year, month, day = (int(g) for g in match.groups())
        seen.append(_DateSeen(number, match.start(), _date(year, month, day), True, match.group(0)))
    for match in _WRITTEN.finditer(line):
        day = int(match.group(1))
        month = _MONTHS[match.group(2).lower()]
        year = int(match.group(3)) if match.group(3) else year_hint
        seen.append(
            _DateSeen(
                number,
                match.start(),
                _date(year, month, day),
                bool(match.group(3)),
                match.group(0),
            )
        )
    return sorted(seen, key=lambda d: d.start)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def say_date(day: datetime.date) -> str:
    """ "3 november": how the rule is shown beside a computed deadline."""
    return f"{day.day} {MONTH_NAMES[day.month]}"


_LETTER_DATE_LABEL = re.compile(
    r"\b(datum|beslutsdatum|utskriftsdatum|utf[äa]rdat|daterad|skickat|avidatum|fakturadatum)\b",
    re.I,
)
_DEADLINE_CUE = re.compile(
    r"senast|f[öo]re\s+den|sista\s+(dag|dagen|datum)|f[öo]rfallo(dag|datum)|"
    r"ha\s+kommit\s+in|ha\s+inkommit|inom\s+\S+[\s:;,.]+(dagar|veckor|v[eo]ckor|m[åa]nader)|betalas\s+senast",
    re.I,
)
_NOT_DEADLINE = re.compile(r"skulle\s+(ha|du)|har\s+passerat|f[öo]rra|tidigare", re.I)
_MEETING_CUE = re.compile(r"\bkl(ockan)?\.?\s*\d|\btid:|\bm[öo]tet\b|\bbes[öo]ket\b|\bplats:", re.I)

_NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tva": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "atta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "fjorton": 14,
    "tjugo": 20,
    "trettio": 30,
}
_RELATIVE = re.compile(
    r"inom\s+(\d{1,3}|"
    + "|".join(_NUMBER_WORDS)
    + r")[\s:;,.]+(dagar|veckor|v[eo]ckor|m[åa]nader)",
    re.I,
)


def _relative_deadline(
    match: re.Match[str], letter_date: datetime.date
) -> tuple[datetime.date, str]:
    amount_text = match.group(1).lower()
    amount = int(amount_text) if amount_text.isdigit() else _NUMBER_WORDS[amount_text]
    unit = match.group(2).lower()
    if unit.startswith("dag"):
        deadline = letter_date + datetime.timedelta(days=amount)
    elif unit.startswith("m"):
        month = letter_date.month - 1 + amount
        year = letter_date.year + month // 12
        month = month % 12 + 1
        day = letter_date.day
        while _date(year, month, day) is None:
            day -= 1
        deadline = datetime.date(year, month, day)
    else:
        deadline = letter_date + datetime.timedelta(weeks=amount)
    unit_word = {"d": "dagar", "v": "veckor", "m": "månader"}[unit[0]]
    if amount == 1:
        unit_word = {"d": "dag", "v": "vecka", "m": "månad"}[unit[0]]
    amount_word = match.group(1) if amount_text.isdigit() else amount_text
    rule = f"{amount_word} {unit_word} från {say_date(letter_date)}"
    return deadline, rule


def _plausible_letter_date(day: datetime.date, received: datetime.date) -> bool:
    return received - datetime.timedelta(days=400) <= day <= received + datetime.timedelta(days=3)


def _plausible_deadline(
    day: datetime.date, letter_date: datetime.date | None, received: datetime.date
) -> bool:
    start = letter_date or received - datetime.timedelta(days=60)
    return start <= day <= start + datetime.timedelta(days=400)


def _find_letter_date(
    lines: list[str], dates: list[_DateSeen], received: datetime.date
) -> Found[datetime.date]:
    labelled: list[_DateSeen] = []
    for seen in dates:
        line = lines[seen.line - 1]
        label = _LETTER_DATE_LABEL.search(line)
        if label and label.start() < seen.start and not _DEADLINE_CUE.search(line[: seen.start]):
            labelled.append(seen)
    # A label on its own line, its date on the next ("Datum" / "2026-11-03").
    for number, line in enumerate(lines[:-1], 1):
        if _LETTER_DATE_LABEL.fullmatch(line.strip(" :")):
            labelled += [d for d in dates if d.line == number + 1]
    header = [
        d
        for d in dates
        if d.line <= 15
        and not _DEADLINE_CUE.search(lines[d.line - 1])
        and not _MEETING_CUE.search(lines[d.line - 1])
    ]
    if labelled:
        chosen = labelled[0]
        agree = len({d.date for d in labelled}) == 1
        certain = agree
    elif header:
        chosen = header[0]
        certain = len({d.date for d in header}) == 1
    else:
        return Found()
    if chosen.date is None:
        return Found(None, False, chosen.line)
    certain = certain and chosen.has_year and _plausible_letter_date(chosen.date, received)
    return Found(chosen.date, certain, chosen.line)


def _find_deadline(
    lines: list[str],
    dates: list[_DateSeen],
    letter_date: Found[datetime.date],
    received: datetime.date,
) -> Found[datetime.date]:
    explicit: list[tuple[_DateSeen, bool]] = []  # (date, on the cue's own line)
    for number, line in enumerate(lines, 1):
        cue = _DEADLINE_CUE.search(line)
        if not cue or _NOT_DEADLINE.search(line) or _RELATIVE.search(line):
            continue
        same = [d for d in dates if d.line == number and d.start >= cue.start() - 25]
        if same:
            explicit += [(d, True) for d in same]
        elif number < len(lines) and cue.end() >= len(line.rstrip()) - 2:
            # "Förfallodag:" at the end of the line, the date on the next.
            explicit += [(d, False) for d in dates if d.line == number + 1][:1]
    relative: list[tuple[int, datetime.date, str]] = []
    if letter_date.value is not None:
        for number, line in enumerate(lines, 1):
            # "inom tre veckor" may be split over two lines by the letter's layout.
            joined = line if number == len(lines) else f"{line} {lines[number]}"
            match = _RELATIVE.search(joined)
            if match and match.start() < len(line):
                deadline, rule = _relative_deadline(match, letter_date.value)
                relative.append((number, deadline, rule))
    candidates = [(d, same) for d, same in explicit if d.date is not None]
    plausible = [
        (d, same)
        for d, same in candidates
        if _plausible_deadline(d.date, letter_date.value, received)  # type: ignore[arg-type]
    ]
    if plausible:
        distinct = {d.date for d, _ in plausible}
        chosen, same_line = min(plausible, key=lambda item: (item[0].date, item[0].line))
        # Without its year ("senast den 24 november") the day is the letter's year's,
        # which is only as sure as the letter's date.
        certain = (
            len(distinct) == 1
            and same_line
            and (chosen.has_year or letter_date.certain)
            and (letter_date.value is None or letter_date.certain)
        )
        # A rule elsewhere in the letter that gives an earlier day: trust neither fully.
        if any(r_date < chosen.date for _, r_date, _ in relative):  # type: ignore[operator]
            certain = False
        return Found(chosen.date, certain, chosen.line)
    if relative:
        number, deadline, rule = min(relative, key=lambda item: item[1])
        certain = letter_date.certain and _plausible_deadline(deadline, letter_date.value, received)
        return Found(deadline, certain, number, rule)
    if candidates:
        # Dates that fail the checks are shown, never as certain: "titta på rad …".
        chosen, _ = candidates[0]
        return Found(chosen.date, False, chosen.line)
    broken = [d for d, _ in explicit if d.date is None]
    if broken:
        return Found(None, False, broken[0].line)
    return Found()


def _find_meeting(
    lines: list[str],
    dates: list[_DateSeen],
    letter_date: Found[datetime.date],
    received: datetime.date,
) -> Found[datetime.datetime]:
    for number, line in enumerate(lines, 1):
        clock = _CLOCK.search(line)
        if clock is None and _TIME_LINE.search(line):
            clock = _HOURS_MINUTES.search(line)
        if not clock or _DEADLINE_CUE.search(line):
            continue
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if not (6 <= hour <= 21 and minute < 60):
            continue
        same = [d for d in dates if d.line == number and d.date is not None]
        near = [d for d in dates if abs(d.line - number) <= 2 and d.date is not None]
        chosen = same[0] if same else (near[0] if near else None)
        if chosen is None or chosen.date is None:
            continue
        moment = datetime.datetime.combine(chosen.date, datetime.time(hour, minute))
        start = letter_date.value or received - datetime.timedelta(days=30)
        plausible = start <= chosen.date <= start + datetime.timedelta(days=200)
        certain = bool(same) and chosen.has_year and plausible
        return Found(moment, certain, number)
    return Found()


# --- Amounts and case numbers ----------------------------------------------------

_AMOUNT = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d{1,7})(?:,(\d{2}|-))?\s*(kr|kronor|sek)\b", re.I
)
_AMOUNT_CUE = re.compile(
    r"att\s+betala|belopp|summa|totalt|skuld(en)?|hyra(n)?|krav|[åa]terbetala|ska\s+betala", re.I
)


def _find_amount(lines: list[str]) -> Found[str]:
    labelled: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        for match in _AMOUNT.finditer(line):
            kronor = int(re.sub(r"\D", "", match.group(1)))
            (labelled if _AMOUNT_CUE.search(line) else other).append((number, kronor))
    if labelled:
        # "Att betala" is the total; a letter with a breakdown names it last or largest.
        to_pay = [
            item
            for item in labelled
            if re.search(r"att\s+betala|totalt|summa", lines[item[0] - 1], re.I)
        ]
        pool = to_pay or labelled
        number, kronor = max(pool, key=lambda item: item[1])
        certain = len({k for _, k in pool}) == 1 or bool(to_pay)
        return Found(_kronor(kronor), certain, number)
    if other:
        number, kronor = other[0]
        return Found(_kronor(kronor), False, number)
    return Found()


def _kronor(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0kr"


_CASE_LABEL = re.compile(
    r"(ärendenummer|ärende\s*nr|ärendenr|diarienummer|dnr|målnummer|mål\s*nr|målnr|"
    r"referensnummer|vårt\s+ärende|ärende-?id|fakturanummer|avinummer|kundnummer|"
    r"ocr-?nummer|personnummer)\s*[:.]?\s*",
    re.I,
)
_CASE_VALUE = re.compile(r"[A-ZÅÄÖ0-9][A-ZÅÄÖa-zåäö0-9\-/]*(?:[ ][0-9\-/][0-9\-/]*)?")


def _find_case_number(lines: list[str]) -> Found[str]:
    for number, line in enumerate(lines, 1):
        for label in _CASE_LABEL.finditer(line):
            if label.group(1).lower() == "personnummer":
                continue  # the client's identity, not the case
            value = _CASE_VALUE.match(line, label.end())
            if value is None:
                continue
            text = value.group(0).strip(" -/")
            if sum(ch.isdigit() for ch in text) >= 3:
                return Found(text, True, number)
            return Found(text, False, number)
    return Found()


# --- The whole letter -------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    """The letter's lines as they are numbered everywhere: blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def understand(text: str, *, received: datetime.date) -> Reading:
    """Read what matters in `text` (as recognised), for a letter that arrived on or
    before `received` (the day it was photographed)."""
    lines = lines_of(text)
    fixed = [_digits_fixed(line) for line in lines]
    organisation, sender = _find_sender(lines)
    dates: list[_DateSeen] = []
    for number, line in enumerate(fixed, 1):
        dates += _dates_in(line, number, received.year)
    letter_date = _find_letter_date(fixed, dates, received)
    if letter_date.value is not None:
        # A date written without its year belongs to the letter's year (or the next,
        # when the month has already passed: "senast 10 januari" in a December letter).
        dates = [_with_year(d, letter_date.value) for d in dates]
    deadline = _find_deadline(fixed, dates, letter_date, received)
    return Reading(
        organisation=organisation,
        sender=sender,
        kind=_find_kind(lines),
        case_number=_find_case_number(lines),
        letter_date=letter_date,
        deadline=deadline,
        meeting_at=_find_meeting(fixed, dates, letter_date, received),
        amount=_find_amount(fixed),
        unreadable_dates=sorted({d.line for d in dates if d.date is None}),
    )


def _with_year(seen: _DateSeen, letter_date: datetime.date) -> _DateSeen:
    if seen.has_year or seen.date is None:
        return seen
    day = _date(letter_date.year, seen.date.month, seen.date.day)
    if day is not None and day < letter_date - datetime.timedelta(days=31):
        day = _date(letter_date.year + 1, seen.date.month, seen.date.day)
    return _DateSeen(seen.line, seen.start, day, False, seen.raw)
