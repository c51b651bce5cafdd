"""portal.anonymity: free text is checked for anything that could point out a client."""

import pytest

from portal.anonymity import Kind, client_names_for, find_identifying, refusal_message
from portal.forms import FailureForm
from tests.helpers import new_client

MY_CLIENTS = ["Maja", "Anna", "Ida"]


def _kinds(text: str, names=MY_CLIENTS) -> list[tuple[str, str]]:
    return [(hit.words, hit.kind) for hit in find_identifying(text, client_names=names)]


# Personal identity numbers: 850412-1230 and 811228-9874 have right check digits.


@pytest.mark.parametrize(
    "number",
    [
        "850412-1230",  # without century, with separator
        "8504121230",  # without century, without separator
        "19850412-1230",  # with century, with separator
        "198504121230",  # with century, without separator
        "850412 1230",  # a space as separator
        "811228-9874",
        "121212+1212",  # "+": born 1912, 100 years or older
        "050412-1237",  # born 2005
        "20050412-1237",
        "000229-1235",  # a leap day
    ],
)
def test_a_valid_personal_identity_number_is_refused_in_every_common_spelling(number):
    assert _kinds(f"Klienten har nummer {number} hos dem.") == [(number, Kind.PERSONNUMMER)]


def test_a_coordination_number_is_refused_as_one():
    assert _kinds("samordningsnummer 850472-1237") == [("850472-1237", Kind.SAMORDNINGSNUMMER)]


@pytest.mark.parametrize(
    "number",
    [
        "850412-1234",  # wrong check digit
        "8504121234",
        "19850412-1234",
        "198504121234",
        "121212+1213",
        "851332-1234",  # no 32nd day
        "850230-1231",  # no 30 February
        "212000-0142",  # an organisation number: month 20
    ],
)
def test_a_number_with_a_wrong_check_digit_or_date_is_not_a_personal_identity_number(number):
    assert _kinds(f"Ärendet {number} gäller alla.") == []


def test_a_wrong_check_digit_that_reads_as_a_phone_number_is_refused_as_a_phone_number():
    # Born in the 2000s and the check digit wrong: 050412-1234 is also a Tibro number.
    assert _kinds("Ring 050412-1234.") == [("050412-1234", Kind.PHONE)]


# Phone numbers


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70-123 45 67",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "046-123 45",
        "0480-123 45",
        "(08) 123 45 67",
        "+46 (0)8 123 45 67",
    ],
)
def test_a_phone_number_is_refused_in_common_spellings(number):
    assert _kinds(f"Hon nås på {number} efter kl 10.") == [(number, Kind.PHONE)]


def test_opening_hours_and_short_mobile_numbers_are_not_phone_numbers():
    assert _kinds("Telefontiden är 0800-0900 och 1300-1400.") == []
    assert _kinds("Ärende 070-12345 hos kommunen.") == []


# E-mail


@pytest.mark.parametrize("address", ["maja.l@example.se", "m+po@kommun.example.se"])
def test_an_email_address_is_refused(address):
    assert _kinds(f"Skriv till {address} i stället.") == [(address, Kind.EMAIL)]


def test_a_name_inside_an_email_address_is_named_once_as_the_address():
    assert _kinds("maja@example.se") == [("maja@example.se", Kind.EMAIL)]


# The names of the ombud's own clients


@pytest.mark.parametrize(
    "written",
    ["Maja", "MAJA", "maja", "Majas", "majas", "Maja:s", "Maja's", "Maja’s", "Annas", "Anna:s"],
)
def test_a_clients_name_is_refused_case_insensitive_and_inflected(written):
    assert _kinds(f"Handläggaren ringde {written} mamma i går.") == [(written, Kind.CLIENT_NAME)]


@pytest.mark.parametrize(
    "text",
    [
        "Jag ringde idag och igen i morse.",  # Ida
        "En annan handläggare tog över, annars hade det dröjt.",  # Anna
        "Majasin och Majorna är inte namn.",  # Maja
    ],
)
def test_ordinary_words_that_contain_a_name_are_accepted(text):
    assert _kinds(text) == []


def test_names_are_whole_words_even_next_to_punctuation_and_hyphens():
    assert _kinds("(Maja) kom inte.") == [("Maja", Kind.CLIENT_NAME)]
    assert _kinds("Maja-Lena kom.") == [("Maja", Kind.CLIENT_NAME)]


def test_every_part_of_a_name_with_a_space_is_checked():
    assert _kinds("Lisa kom inte.", names=["Maja Lisa"]) == [("Lisa", Kind.CLIENT_NAME)]


# Ordinary text about organisations


@pytest.mark.parametrize(
    "text",
    [
        "Försäkringskassan har långa handläggningstider för aktivitetsersättning, "
        "2024 ändrades rutinen",
        "12 klienter har väntat mer än 3 månader på beslut sedan 2023-09-01.",
        "Avgiften höjdes till 1 500 kr i januari 2025, 2023/2024 var den 1 200 kr.",
        "Psykiatrin svarar i telefon kl 08.00–09.00, 5 dagar i veckan.",
        "Blankett FK 7263 och paragraf 4 kap. 2 § SoL.",
        "Region Skåne och kommunen skickar ärenden mellan sig i 6–8 veckor.",
    ],
)
def test_ordinary_text_about_organisations_with_years_and_counts_is_accepted(text):
    assert find_identifying(text, client_names=MY_CLIENTS) == []


def test_the_hits_come_in_the_order_they_were_written_and_the_message_names_each_once():
    text = "Maja (850412-1230) ringer från 070-123 45 67 eller maja@example.se. Maja igen."
    hits = find_identifying(text, client_names=["Maja"])
    assert [hit.kind for hit in hits] == [
        Kind.CLIENT_NAME,
        Kind.PERSONNUMMER,
        Kind.PHONE,
        Kind.EMAIL,
        Kind.CLIENT_NAME,
    ]
    assert refusal_message(hits) == (
        "Texten kan peka ut en klient: ”Maja” (namn på en av dina klienter), "
        "”850412-1230” (personnummer), ”070-123 45 67” (telefonnummer), "
        "”maja@example.se” (e-postadress). Ta bort det och försök igen."
    )


# Whose names: the ombud's own active clients only


def test_the_names_checked_are_the_ombuds_own_active_clients(ombud, contact, other_contact):
    assert client_names_for(ombud) == ["Maja"]


def test_a_coordinator_and_a_client_have_no_client_names(coordinator, client_user):
    assert client_names_for(coordinator) == []
    assert client_names_for(client_user) == []


def test_another_ombuds_client_is_not_flagged_for_this_ombud(ombud, contact, other_contact):
    """Anna does not know Omar (Johan's client). Refusing her text because of his name
    would tell her that an Omar is a client of the operation."""
    text = "Omar Khayyam skrev dikter; Försäkringskassan läser dem inte."
    assert find_identifying(text, client_names=client_names_for(ombud)) == []


def test_a_new_client_is_checked_at_once(ombud, contact):
    new_client(ombud, first_name="Sven")
    hits = find_identifying("Svens ärende", client_names=client_names_for(ombud))
    assert [(hit.words, hit.kind) for hit in hits] == [("Svens", Kind.CLIENT_NAME)]


# The forms: the refusal is on the field, and the text is kept


def _failure_data(**changes) -> dict:
    return {
        "occurred_on": "2025-03-01",
        "new_organisation": "Försäkringskassan",
        "level": "case_officer",
        "category": "handling",
        "description": "Handläggaren svarar inte på mejl.",
        "clients_affected": "2",
        **changes,
    }


def test_the_failure_form_refuses_identifying_text_on_its_field_and_keeps_it(operation):
    typed = "Majas handläggare (19850412-1230) svarar inte."
    form = FailureForm(
        _failure_data(description=typed, improvement="Ring 070-123 45 67"),
        operation=operation,
        client_names=["Maja"],
    )
    assert not form.is_valid()
    assert form.errors["description"] == [
        "Texten kan peka ut en klient: ”Majas” (namn på en av dina klienter), "
        "”19850412-1230” (personnummer). Ta bort det och försök igen."
    ]
    assert "”070-123 45 67” (telefonnummer)" in form.errors["improvement"][0]
    assert form["description"].value() == typed


def test_the_failure_form_accepts_ordinary_text(operation):
    form = FailureForm(_failure_data(), operation=operation, client_names=["Maja"])
    assert form.is_valid(), form.errors
