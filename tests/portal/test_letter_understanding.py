"""The rules that read a letter's text (portal/letters/understand.py) and the tasks a
letter suggests (portal/letters/suggest.py): on text, no OCR, no database."""

import datetime

import pytest

from portal.letters.suggest import suggested_tasks
from portal.letters.understand import understand

D = datetime.date
NOV_6 = D(2026, 11, 6)


def letter(*lines: str) -> str:
    return "\n".join(lines)


HEAD = ["Försäkringskassan", "Box 1164, 621 22 Visby", "Datum: 2026-11-03"]


def test_a_decision_with_three_weeks_to_appeal_is_counted_from_the_letters_date():
    text = letter(
        *HEAD,
        "Ärendenummer: 1234567-89",
        "Beslut om bostadstillägg",
        "Vi har beslutat att du inte får bostadstillägg.",
        "Ditt överklagande ska ha kommit in till oss",
        "inom tre veckor från den dag du fick del av beslutet.",
    )
    reading = understand(text, received=NOV_6)
    assert (reading.organisation, reading.sender.value) == (
        "forsakringskassan",
        "Försäkringskassan",
    )
    assert reading.sender.certain and reading.sender.line == 1
    assert (reading.kind.value, reading.kind.certain, reading.kind.line) == ("decision", True, 5)
    assert (reading.letter_date.value, reading.letter_date.certain) == (D(2026, 11, 3), True)
    assert reading.deadline.value == D(2026, 11, 24)
    assert reading.deadline.certain and reading.deadline.line == 8
    assert reading.deadline.rule == "tre veckor från 3 november"
    assert (reading.case_number.value, reading.case_number.certain) == ("1234567-89", True)


@pytest.mark.parametrize(
    "written",
    [
        "senast den 24 november",
        "senast den 24 november 2026",
        "senast 2026-11-24",
        "senast 24 nov.",
    ],
)
def test_a_written_deadline_is_found_however_it_is_written(written):
    text = letter(*HEAD, "Begäran om komplettering", f"Skicka in kompletteringen {written}.")
    reading = understand(text, received=NOV_6)
    assert reading.kind.value == "completion"
    assert (reading.deadline.value, reading.deadline.certain, reading.deadline.line) == (
        D(2026, 11, 24),
        True,
        5,
    )
    assert reading.deadline.rule == ""


def test_a_deadline_without_its_year_belongs_to_the_next_year_when_the_month_has_passed():
    text = letter(
        "Kronofogden",
        "Datum: 2026-12-15",
        "Betalningsföreläggande",
        "Du måste svara senast 10 januari.",
    )
    reading = understand(text, received=D(2026, 12, 18))
    assert reading.deadline.value == D(2027, 1, 10)
    assert reading.deadline.certain


def test_a_deadline_before_the_letters_date_is_shown_but_never_as_certain():
    text = letter(*HEAD, "Beslut", "Överklaga senast 2026-10-20.")
    reading = understand(text, received=NOV_6)
    assert reading.deadline.value == D(2026, 10, 20)
    assert not reading.deadline.certain
    assert reading.deadline.line == 5


def test_a_year_far_off_is_never_certain():
    text = letter(*HEAD, "Beslut", "Överklaga senast 2062-11-24.")
    reading = understand(text, received=NOV_6)
    assert reading.deadline.value == D(2062, 11, 24)
    assert not reading.deadline.certain


def test_a_day_that_does_not_exist_is_no_date_and_points_at_its_line():
    text = letter(*HEAD, "Begäran om komplettering", "Skicka det senast den 31 november 2026.")
    reading = understand(text, received=NOV_6)
    assert reading.deadline.value is None
    assert not reading.deadline.certain
    assert reading.deadline.line == 5
    assert reading.unreadable_dates == [5]


def test_a_letter_date_that_does_not_fit_the_day_it_arrived_is_not_certain():
    text = letter("Försäkringskassan", "Datum: 2024-11-03", "Information om din ersättning")
    reading = understand(text, received=NOV_6)
    assert reading.letter_date.value == D(2024, 11, 3)
    assert not reading.letter_date.certain


def test_two_different_deadlines_give_the_earlier_one_unsure():
    text = letter(
        "CSN",
        "Datum: 2026-11-03",
        "Påminnelse",
        "Betala senast 2026-11-20.",
        "Sista dag 2026-11-30.",
    )
    reading = understand(text, received=NOV_6)
    assert reading.deadline.value == D(2026, 11, 20)
    assert not reading.deadline.certain


def test_a_relative_deadline_needs_a_sure_letter_date_to_be_certain():
    text = letter(
        "Försäkringskassan",
        "Stockholm 2026-11-03",
        "Stockholm 2026-11-04",
        "Beslut",
        "Överklaga inom tre veckor.",
    )
    reading = understand(text, received=NOV_6)
    assert not reading.letter_date.certain
    assert reading.deadline.value == D(2026, 11, 24)
    assert not reading.deadline.certain


def test_digits_misread_as_letters_are_read_as_digits():
    text = letter("Skatteverket", "Datum: 2O26-11-O3", "Vi vill ha uppgifterna senast 2026-12-0l.")
    reading = understand(text, received=NOV_6)
    assert reading.letter_date.value == D(2026, 11, 3)
    assert reading.deadline.value == D(2026, 12, 1)


def test_a_date_split_by_a_colon_in_the_rule_still_counts():
    text = letter(
        *HEAD, "Beslut", "Det ska ha kommit in inom tre:", "veckor från den dag du fick det."
    )
    assert understand(text, received=NOV_6).deadline.value == D(2026, 11, 24)


@pytest.mark.parametrize(
    ("head", "organisation", "name"),
    [
        ("Kronofogden", "kronofogden", "Kronofogden"),
        ("Kronofogdemyndigheten", "kronofogden", "Kronofogden"),
        ("Arbetsförmedlingen", "arbetsformedlingen", "Arbetsförmedlingen"),
        ("Skatteverket", "skatteverket", "Skatteverket"),
        ("CSN", "csn", "CSN"),
        ("Migrationsverket", "migrationsverket", "Migrationsverket"),
        ("Sundsvalls kommun", "socialtjansten", "Sundsvalls kommun"),
        ("Stockholmshem", "housing", "Stockholmshem"),
    ],
)
def test_the_sender_is_found_in_the_letterhead(head, organisation, name):
    text = letter(head, "Datum: 2026-11-03", "Påminnelse om hyran", "Att betala: 4 350 kr")
    reading = understand(text, received=NOV_6)
    assert (reading.organisation, reading.sender.value) == (organisation, name)


def test_a_sender_named_only_in_the_body_is_not_certain():
    text = letter(
        "Datum: 2026-11-03",
        "Hej!",
        "",
        "Vi skriver om din ansökan.",
        *[f"Rad {n}" for n in range(10)],
        "Du kan också kontakta Försäkringskassan om du har frågor.",
    )
    reading = understand(text, received=NOV_6)
    assert reading.organisation == "forsakringskassan"
    assert not reading.sender.certain


def test_no_sender_at_all_says_nothing():
    reading = understand("Hej\nDatum: 2026-11-03", received=NOV_6)
    assert reading.organisation == "" and reading.sender.value is None


def test_a_payment_demand_gives_its_amount_and_deadline():
    text = letter(
        "Stockholmshem",
        "Stockholm 28 oktober 2026",
        "Påminnelse om obetald hyra",
        "Hyran för oktober är inte betald.",
        "Att betala: 7 850 kr",
        "Betala senast den 10 november.",
    )
    reading = understand(text, received=D(2026, 11, 1))
    assert reading.kind.value == "payment"
    assert (reading.amount.value, reading.amount.certain, reading.amount.line) == (
        "7\u00a0850\u00a0kr",
        True,
        5,
    )
    assert reading.letter_date.value == D(2026, 10, 28)
    assert (reading.deadline.value, reading.deadline.certain) == (D(2026, 11, 10), True)


def test_a_meeting_takes_its_time_after_kl_not_the_day_that_comes_first():
    text = letter(
        "Arbetsförmedlingen",
        "Datum: 2026-09-01",
        "Kallelse till möte",
        "Tid: 8 september 2026 kl. 09.30",
        "Plats: Drottninggatan 5",
    )
    reading = understand(text, received=D(2026, 9, 3))
    assert reading.kind.value == "notice"
    assert reading.meeting_at.value == datetime.datetime(2026, 9, 8, 9, 30)
    assert reading.meeting_at.certain and reading.meeting_at.line == 4
    assert reading.deadline.value is None


def test_the_case_number_is_not_the_personal_identity_number():
    text = letter("Socialtjänsten", "Personnummer: 19850412-1234", "Dnr: SN 2026/1089")
    reading = understand(text, received=NOV_6)
    assert reading.case_number.value == "SN 2026/1089"
    assert reading.case_number.line == 3


def test_information_without_cues_is_an_unsure_guess():
    reading = understand("Skatteverket\nSnart är det dags att deklarera.", received=NOV_6)
    assert reading.kind.value == "information"
    assert not reading.kind.certain


# --- Suggested tasks ----------------------------------------------------------------


def _suggest(**changes):
    fields = {
        "kind": "decision",
        "sender": "Försäkringskassan",
        "organisation": "forsakringskassan",
        "deadline": D(2026, 11, 24),
        "meeting_at": None,
        "amount": "",
        "ombud_name": "Anna",
        **changes,
    }
    return suggested_tasks(**fields)


def test_a_decision_suggests_reading_it_together_and_appealing_by_the_deadline():
    read, appeal = _suggest()
    assert (read.what, read.who, read.due) == ("Läsa beslutet med Anna", "client", None)
    assert (appeal.what, appeal.due, appeal.organisation) == (
        "Överklaga beslutet, om du vill",
        D(2026, 11, 24),
        "forsakringskassan",
    )


def test_a_notice_suggests_going_to_the_meeting_on_its_day():
    [meeting] = _suggest(
        kind="notice", deadline=None, meeting_at=datetime.datetime(2026, 11, 18, 10)
    )
    assert (meeting.what, meeting.due) == ("Gå på mötet hos Försäkringskassan", D(2026, 11, 18))


def test_a_payment_names_the_amount():
    _, pay = _suggest(kind="payment", amount="4\u00a0350\u00a0kr", sender="Stockholmshem")
    assert pay.what == "Betala 4\u00a0350\u00a0kr eller ringa Stockholmshem"
