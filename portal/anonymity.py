"""The anonymity guard: free text that leaves the contact (a system-failure report, an
answer to one) is checked for anything that could point out a client before it is saved.

What counts as identifying, and the choices made:

- **Personal identity numbers** (*personnummer*) and coordination numbers
  (*samordningsnummer*, day + 60): 10 or 12 digits, with or without the century, with or
  without a separator before the last four (``-``, ``+`` for someone 100 or older, an en
  dash, a slash, a dot or a space, with or without spaces around it), and with or without
  a space, dot, dash or slash inside the date, e.g. 850412-1234, 8504121234,
  19850412-1234, 198504121234, 121212+1212, 85 04 12-1234, 85.04.12-1234,
  1985-04-12/1234, 850412 - 1234. A number is reported
  as one only if its date can exist and its check digit (Luhn, over the 10-digit form) is
  right. A number of the same shape with a wrong check digit is *not* a personnummer: it
  is most likely an organisation number, a sum, or a typing slip. It is still refused if
  it looks like a phone number (for example 050412-1234, born in the 2000s, reads as a
  phone number in Tibro); otherwise it is accepted.
- **Swedish phone numbers**: a leading 0 (or +46, 0046, +46 (0)) and 8 to 10 digits in all
  with single spaces, dashes, dots or slashes between groups: 070-123 45 67, 0701234567,
  +46 70 123 45 67, 08-123 456 78, 08-12 34 56, 046-123 45, (08) 123 45 67,
  070.123.45.67, 070/123 45 67. A mobile number (07…) must have exactly 10 digits. Two
  times joined by a dash ("0800-0900", "08.00–09.00") are opening hours, and a date
  ("01.03.2024") is a date, not a phone number. A number right after a word that names
  it as a case, invoice or payment number ("Dnr", "ärendenummer", "målnummer", "OCR",
  "bankgiro" …) is that number, not a phone number; a valid personnummer is refused
  wherever it stands.
- **Street addresses**: a street name (a word ending in -gatan, -vägen, -gränd, -stigen,
  -backen, -torget, -allén, -platsen, -leden … and its short forms) followed by a house
  number, e.g. Storgatan 12, Drottninggatan 5B, Gamla Kyrkvägen 3. A count after the
  number ("vägen 3 gånger") is not an address.
- **E-mail addresses**.
- **The names of the writer's own active clients** — first names, and the full name
  (surname too) the request for an ombud came with —, case-insensitive, as whole words,
  also in the genitive ("Majas", "Maja:s", "Maja's", "Lars'"). A word that only
  contains the name is not a hit ("idag" for Ida, "annan" for Anna). Every part of a
  name with a space is checked on its own ("Maja Lisa": "Maja" and "Lisa").
  The names of *other* ombud's clients are not checked: the writer does not know them,
  and refusing a text because of one would tell the writer who is a client of the
  operation, which is itself the leak the guard is there to stop.
- **The names of the people in those clients' networks** ("Mitt nätverk": a god man,
  the case officer Lena Berg, a sister), checked the same way: "handläggaren Berg"
  points out the client as surely as the client's own name. Words written in a name
  field that name an authority or a role, not a person ("Handläggaren på FK"), are
  left out, or every report about Försäkringskassan would be refused.

Years, counts, amounts and dates ("2024", "12 klienter", "1 500 kr", "2024-03-01") are
ordinary text and pass. A client name that is also an everyday word (Bo, Stig, Vilja) is
refused wherever it stands; the message names the word, so the writer can rephrase.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(models.TextChoices):
    PERSONNUMMER = "personnummer", gettext_lazy("personnummer")
    SAMORDNINGSNUMMER = "samordningsnummer", gettext_lazy("samordningsnummer")
    PHONE = "phone", gettext_lazy("telefonnummer")
    EMAIL = "email", gettext_lazy("e-postadress")
    CLIENT_NAME = "client_name", gettext_lazy("namn på en av dina klienter")
    ADDRESS = "address", gettext_lazy("gatuadress")


@dataclass(frozen=True)
class Hit:
    """Words in the text that could point out a client, as they were written."""

    words: str
    kind: Kind
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)


# Inside the date: one space, dot, dash or slash between year, month and day (or none).
_IN_DATE = r"[ .\-–/]?"
_DATE = rf"(?:\d{{2}})?\d{{2}}{_IN_DATE}\d{{2}}{_IN_DATE}\d{{2}}"
_SEPARATOR = r"(?:\s*[-+–/.]\s*|\s)?"
_IDENTITY_NUMBER = re.compile(
    rf"(?<![\d+.\-/])(?P<date>{_DATE})(?P<sep>{_SEPARATOR})(?P<tail>\d{{4}})(?![\d])"
)
_PHONE = re.compile(
    r"""
    (?<![\w+])
    (?:
        (?P<intl>(?:\+|00)\s?46[\s\-–]?(?:\(0\)[\s\-–]?)?)[1-9]
      | \(0[1-9]\d{0,2}\)\s?\d
      | 0[1-9]
    )
    (?:[\s\-–./]?\d){5,8}
    (?!\d)
    """,
    re.VERBOSE,
)
_OPENING_HOURS = re.compile(r"^([01]\d|2[0-3])[.:]?[0-5]\d\s*[-–]\s*([01]\d|2[0-3])[.:]?[0-5]\d$")
_WRITTEN_DATE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})$")
# A word that says what the number after it is: a case, an invoice, a payment.
_NAMED_NUMBER = re.compile(
    r"(?:dnr|diarie(?:nummer|nr)|ärende(?:nummer|nr)?|mål(?:nummer|nr|\s?nr)?|"
    r"referens(?:nummer)?|ref|faktura(?:nummer|nr)?|kund(?:nummer|nr)|ocr(?:-nummer)?|"
    r"bankgiro|plusgiro|bg|pg|org(?:anisations)?\.?\s?nr|organisationsnummer)"
    r"\s*[.:#]?\s*(?:nr\.?\s*)?$",
    re.IGNORECASE,
)
_STREET_ENDINGS = (
    "gatan|gata|g\\.|vägen|väg|v\\.|gränd|gränden|stigen|stig|backen|backe|torget|torg|"
    "allén|allé|platsen|plats|leden|ringen|slingan|stråket|terrassen|kajen|esplanaden"
)
_STREET = re.compile(
    rf"""
    (?<!\w)
    (?:
        (?P<street>[A-ZÅÄÖ][\wåäöé\-]*\s)?       # "Gamla", "Norra" ...
        [\wåäöéÅÄÖÉ\-]{{2,}}(?:{_STREET_ENDINGS})  # "Storgatan", "Kyrkvägen", "Storg."
      | [A-ZÅÄÖ][\wåäöé\-]*\s                   # "Lilla Torget", "Östra Vägen"
        (?:Gatan|Vägen|Gränd|Stigen|Backen|Torget|Torg|Allén|Platsen|Leden|Ringen|Kajen)
    )
    \s?(?P<number>\d{{1,4}})(?:\s?[A-Da-d])?(?![\w])
    (?!\s*(?:kr|kronor|:-|%|år|st\b|gånger|ggr|dagar|veckor|månader|timmar|klienter|
         personer|procent|minuter))
    """,
    re.VERBOSE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GENITIVE = r"(?:s|:s|'s|’s|'|’)?"


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for index, char in enumerate(ten_digits[:9]):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(ten_digits[9])


def _date_exists(years: Iterable[int], month: int, day: int) -> bool:
    for year in years:
        try:
            datetime.date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def _identity_kind(date: str, tail: str) -> Kind | None:
    """personnummer, samordningsnummer, or None for a number that is neither."""
    if len(date) == 8:
        century = int(date[:2])
        if century not in (18, 19, 20):
            return None
        years: list[int] = [int(date[:4])]
        date = date[2:]
    else:
        years = [1800 + int(date[:2]), 1900 + int(date[:2]), 2000 + int(date[:2])]
    month, day = int(date[2:4]), int(date[4:6])
    kind = Kind.PERSONNUMMER
    if day > 60:
        day -= 60
        kind = Kind.SAMORDNINGSNUMMER
    if not _date_exists(years, month, day) or not _luhn_ok(date + tail):
        return None
    return kind


def _identity_numbers(text: str) -> list[Hit]:
    hits = []
    for match in _IDENTITY_NUMBER.finditer(text):
        date = re.sub(r"\D", "", match["date"])
        kind = _identity_kind(date, match["tail"]) if len(date) in (6, 8) else None
        if kind is not None:
            hits.append(Hit(match.group().strip(), kind, match.start(), match.end()))
    return hits


def _is_written_date(written: str) -> bool:
    match = _WRITTEN_DATE.match(written)
    if not match:
        return False
    day, month, year = (int(part) for part in match.groups())
    return _date_exists([year if year > 99 else 2000 + year], month, day)


def _named_as_other_number(text: str, start: int) -> bool:
    """Is the number at `start` introduced as a case, invoice or payment number?"""
    return bool(_NAMED_NUMBER.search(text[max(0, start - 30) : start]))


def _phones(text: str) -> list[Hit]:
    hits = []
    for match in _PHONE.finditer(text):
        written = match.group()
        if match["intl"]:
            national = "0" + re.sub(r"\D", "", written[len(match["intl"]) :])
        else:
            national = re.sub(r"\D", "", written)
        if not 8 <= len(national) <= 10:
            continue
        if national.startswith("07") and len(national) != 10:
            continue
        if _OPENING_HOURS.match(written) or _is_written_date(written):
            continue
        if _named_as_other_number(text, match.start()):
            continue
        hits.append(Hit(written, Kind.PHONE, match.start(), match.end()))
    return hits


def _addresses(text: str) -> list[Hit]:
    hits = []
    for match in _STREET.finditer(text):
        start = match.start() if match["street"] is None else match.start() + len(match["street"])
        written = text[start : match.end()]
        hits.append(Hit(written, Kind.ADDRESS, start, match.end()))
    return hits


def _emails(text: str) -> list[Hit]:
    return [Hit(m.group(), Kind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


def _name_parts(client_names: Iterable[str]) -> list[str]:
    parts = {part for name in client_names for part in name.split() if len(part) >= 2}
    # Longest first, so "Anna-Karin" wins over "Anna" where both are names.
    return sorted(parts, key=lambda part: (-len(part), part.casefold()))


def _names(text: str, client_names: Iterable[str]) -> list[Hit]:
    parts = _name_parts(client_names)
    if not parts:
        return []
    alternatives = "|".join(re.escape(part) for part in parts)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives}){_GENITIVE}(?!\w)", re.IGNORECASE)
    return [Hit(m.group(), Kind.CLIENT_NAME, m.start(), m.end()) for m in pattern.finditer(text)]


def find_identifying(text: str, *, client_names: Iterable[str] = ()) -> list[Hit]:
    """Everything in `text` that could point out a client, in the order it was written.

    Where two kinds overlap, the more certain one is kept: an e-mail address over a name
    or a number inside it, a personnummer over a phone number of the same digits."""
    if not text:
        return []
    found = (
        _emails(text)
        + _identity_numbers(text)
        + _phones(text)
        + _addresses(text)
        + _names(text, client_names)
    )
    kept: list[Hit] = []
    for hit in found:  # in order of certainty, see above
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda hit: hit.start)


def refusal_message(hits: Iterable[Hit]) -> str:
    """ "Texten kan peka ut en klient: ”Maja” (namn på en av dina klienter). Ta bort det
    och försök igen." Each word is named once, in the order it was written."""
    seen, parts = set(), []
    for hit in hits:
        key = (hit.words.casefold(), hit.kind)
        if key not in seen:
            seen.add(key)
            parts.append(f"”{hit.words}” ({hit.label})")
    listed = ", ".join(parts)
    return _("Texten kan peka ut en klient: %(words)s. Ta bort det och försök igen.") % {
        "words": listed
    }


class IdentifyingText(ValidationError):
    """Raised by an action when free text could point out a client. It carries the
    refusal per field, so a form can show it where the text was written."""

    def __init__(self, hits_by_field: dict[str, list[Hit]]):
        self.hits_by_field = hits_by_field
        super().__init__(
            {field: [refusal_message(hits)] for field, hits in hits_by_field.items()},
            code="identifying",
        )


# Words that may stand in a network person's name field but name an authority, a role
# or a link between words, not a person. Compared case-insensitively.
_NOT_PERSONAL = frozenset(
    [
        "försäkringskassan",
        "fk",
        "kronofogden",
        "kronofogdemyndigheten",
        "kfm",
        "arbetsförmedlingen",
        "af",
        "socialtjänsten",
        "soc",
        "psykiatrin",
        "vårdcentralen",
        "vc",
        "överförmyndaren",
        "bostadsbolaget",
        "region",
        "regionen",
        "kommun",
        "kommunen",
        "myndigheten",
        "handläggare",
        "handläggaren",
        "god",
        "man",
        "förvaltare",
        "förvaltaren",
        "boendestöd",
        "boendestödjare",
        "boendestödjaren",
        "kontaktperson",
        "kontaktpersonen",
        "läkare",
        "läkaren",
        "doktor",
        "doktorn",
        "kurator",
        "kuratorn",
        "sjuksköterska",
        "sjuksköterskan",
        "anhörig",
        "vän",
        "mamma",
        "pappa",
        "på",
        "hos",
        "och",
        "i",
        "via",
        "vid",
        "för",
    ]
)


def _personal_parts(name: str) -> list[str]:
    return [part for part in name.split() if part.casefold() not in _NOT_PERSONAL]


def client_names_for(user) -> list[str]:
    """The names of the user's own active clients, and of those they stand in for today:
    first names, surnames and the full name their request came with, and the names of the
    people in those clients' networks (none for anyone but an ombud). One query."""
    from portal.access import contacts_for  # the guard itself needs no models

    if not getattr(user, "is_ombud", False):
        return []
    rows = contacts_for(user).values_list(
        "client__first_name", "client__last_name", "intake__name", "network__name"
    )
    names: list[str] = []
    for *client, network_name in rows:
        found = [*client, *_personal_parts(network_name or "")]
        for name in found:
            if name and name not in names:
                names.append(name)
    return names


def check(texts: dict[str, str], *, client_names: Iterable[str]) -> None:
    """Raise IdentifyingText if any of the named texts could point out a client."""
    names = list(client_names)
    refused = {}
    for field, text in texts.items():
        hits = find_identifying(text or "", client_names=names)
        if hits:
            refused[field] = hits
    if refused:
        raise IdentifyingText(refused)
