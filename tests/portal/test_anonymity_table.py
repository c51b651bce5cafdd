"""The anonymity guard against texts written the way ombud write them: what it must
refuse (and name), and what it must let through. The names are the writer's own clients,
as their requests came in: Maja Lindqvist, Ahmed Hassan and Eva-Lena Sjöberg."""

import pytest

from portal.actions.intake import assign, register_intake
from portal.anonymity import Kind, client_names_for, find_identifying

NAMES = ["Maja", "Maja Lindqvist", "Ahmed", "Ahmed Hassan", "Eva-Lena", "Eva-Lena Sjöberg"]

REFUSED = [
    # Names, surnames, inflected
    ("Handläggaren på FK har inte svarat Lindqvist sedan mars.", "Lindqvist"),
    ("Lindqvists ansökan om aktivitetsersättning ligger still.", "Lindqvists"),
    ("Hassan fick avslag utan motivering.", "Hassan"),
    ("Kronofogden skickade Hassans brev till fel adress.", "Hassans"),
    ("Sjöberg:s god man byttes utan att någon sa till.", "Sjöberg:s"),
    ("Psykiatrin ställde in besöket för Eva-Lena två gånger.", "Eva-Lena"),
    ("Socialtjänsten tappade bort Ahmeds ansökan.", "Ahmeds"),
    ("maja fick vänta i 4 timmar på akuten.", "maja"),
    # Personal identity numbers, however they are typed
    ("Klientens personnummer 850412-1230 stod i kallelsen.", "850412-1230"),
    ("Pnr 19850412-1230 skrevs på kuvertet.", "19850412-1230"),
    ("FK skrev 85 04 12-1230 i beslutet.", "85 04 12-1230"),
    ("Beslutet gällde 85.04.12-1230.", "85.04.12-1230"),
    ("Numret 1985-04-12/1230 fanns i ämnesraden.", "1985-04-12/1230"),
    ("Ansökan med 850412 - 1230 kom bort.", "850412 - 1230"),
    ("Samordningsnummer 850472-1237 godtogs inte av banken.", "850472-1237"),
    ("De skrev 8504121230 utan bindestreck i mejlet.", "8504121230"),
    ("Personnummer 811228/9874 stod på lappen.", "811228/9874"),
    # Phone numbers, however they are typed
    ("Handläggaren bad mig ringa 070-123 45 67 direkt.", "070-123 45 67"),
    ("Mobil 070.123.45.67 står i journalen.", "070.123.45.67"),
    ("Ring 070/123 45 67 efter kl 13.", "070/123 45 67"),
    ("Numret +46 70 123 45 67 gick inte fram.", "+46 70 123 45 67"),
    ("Växeln 08-123 456 78 kopplade fel tre gånger.", "08-123 456 78"),
    ("Hennes telefon 0701234567 spärrades av operatören.", "0701234567"),
    ("Kontaktpersonen nås på 031.12.34.56 bara på fredagar.", "031.12.34.56"),
    # E-mail
    ("Beslutet skickades till maja.l@example.se av misstag.", "maja.l@example.se"),
    ("Svaret gick till ahmed.hassan@hotmail.example i stället.", "ahmed.hassan@hotmail.example"),
    # Street addresses
    ("Hemtjänsten kom till Storgatan 12 i stället för hem.", "Storgatan 12"),
    ("Hon bor på Drottninggatan 5B, lgh 1102.", "Drottninggatan 5B"),
    ("Kronofogden knackade på Gamla Kyrkvägen 3 på kvällen.", "Kyrkvägen 3"),
    ("Besöket var på Sveavägen 44 men ingen öppnade.", "Sveavägen 44"),
    ("Hyresvärden skickade brev till Björkstigen 7.", "Björkstigen 7"),
    ("Lägenheten på Lilla Torget 2 har mögel.", "Lilla Torget 2"),
    ("Posten kom till Storg. 4 och inte till boendet.", "Storg. 4"),
]

PASSES = [
    "Försäkringskassan har handläggningstider på 6–8 månader för aktivitetsersättning.",
    "12 klienter har väntat mer än 3 månader på beslut sedan 2023-09-01.",
    "Avgiften höjdes till 1 500 kr i januari 2025, 2023/2024 var den 1 200 kr.",
    "Psykiatrin svarar i telefon kl 08.00–09.00, 5 dagar i veckan.",
    "Telefontiden är 0800-0900 och 1300-1400.",
    "Blankett FK 7263 och 4 kap. 2 § SoL gäller här.",
    "Dnr 2024/1234 har legat orört i sex veckor.",
    "Ärendenummer 0123-45 67 89 återkommer i tre beslut.",
    "Målnummer 01-123456-23 hos Kronofogden är samma för flera.",
    "Organisationsnummer 212000-0142 står på fakturan.",
    "OCR 5050105512 går inte att betala via appen.",
    "Bankgiro 5050-1055 tar inte emot betalningar på helger.",
    "Mötet är den 01.03.2025 kl 13.30 på vårdcentralen.",
    "Beslutet kom 2025-03-14 och överklagandet skickades 2025-04-01.",
    "Vi var på väg till socialtjänsten 3 gånger utan att komma fram.",
    "Handlingsplan 3 från regionen saknar ansvarig.",
    "Arbetsförmedlingen ringde 2 gånger samma dag.",
    "Ombudet fick vänta 45 minuter i telefonkö, 3 dagar i rad.",
    "Hyran höjdes med 4 % och 350:- per månad.",
    "Region Skåne och kommunen skickar ärenden mellan sig i 6–8 veckor.",
    "Överförmyndaren svarade efter 21 dagar, 2024 var det 14.",
    "Kallelsen kom 1/3 men mötet var 28/2.",
]


@pytest.mark.parametrize(("text", "words"), REFUSED, ids=[words for _text, words in REFUSED])
def test_identifying_text_is_refused_and_the_words_are_named(text, words):
    hits = find_identifying(text, client_names=NAMES)
    assert words in [hit.words for hit in hits], [(hit.words, hit.kind) for hit in hits]


@pytest.mark.parametrize("text", PASSES)
def test_ordinary_text_about_the_system_passes(text):
    assert find_identifying(text, client_names=NAMES) == []


def test_the_table_is_as_large_as_promised():
    assert len(REFUSED) >= 30 and len(PASSES) >= 20


def test_an_address_is_named_as_an_address():
    hits = find_identifying("Hon bor på Storgatan 12.", client_names=NAMES)
    assert [(hit.words, hit.kind) for hit in hits] == [("Storgatan 12", Kind.ADDRESS)]


def test_the_surname_a_request_came_with_is_one_of_the_names_checked(ombud, coordinator):
    request = register_intake(
        coordinator,
        channel="phone",
        referrer="self",
        name="Maja Lindqvist",
        phone="070-123 45 67",
        gender="woman",
    )
    assign(request, coordinator, ombud=ombud)
    text = "Lindqvists handläggare svarar inte."
    hits = find_identifying(text, client_names=client_names_for(ombud))
    assert [(hit.words, hit.kind) for hit in hits] == [("Lindqvists", Kind.CLIENT_NAME)]


# The people in the writer's clients' networks (issue 11): a case officer named in a
# report points out the client as surely as the client's own name.
NETWORK_REFUSED = [
    ("Handläggaren Berg på FK har inte svarat på tre månader.", "Berg"),
    ("Lena Bergs beslut kom utan motivering.", "Lena"),
    ("Den gode mannen Östlund slutade utan att någon sa till.", "Östlund"),
]
NETWORK_PASSES = [
    "Handläggaren på FK har inte svarat på tre månader.",
    "Kronofogden skickade breven till fel adress.",
    "Boendestödet kom inte på två veckor.",
]


@pytest.fixture
def network_names(contact, other_contact, client_user, ombud, other_client_user):
    """Maja's network: Lena Berg at Försäkringskassan, her god man Östlund, and someone
    written only by role and place. Omar (Johan's client) has a god man called Sundin."""
    from portal.actions.network import add_person

    add_person(contact, client_user, role="case_officer", name="Lena Berg")
    add_person(contact, ombud, role="god_man", name="Per Östlund")
    add_person(contact, client_user, role="case_officer", name="Handläggaren på FK")
    add_person(other_contact, other_client_user, role="god_man", name="Sundin")
    return client_names_for(ombud)


@pytest.mark.parametrize(("text", "words"), NETWORK_REFUSED)
def test_a_network_persons_name_is_refused_and_named(text, words, network_names):
    hits = find_identifying(text, client_names=network_names)
    assert (words, Kind.CLIENT_NAME) in [(hit.words, hit.kind) for hit in hits]


@pytest.mark.parametrize("text", NETWORK_PASSES)
def test_authorities_and_roles_written_as_a_name_still_pass(text, network_names):
    assert find_identifying(text, client_names=network_names) == []


def test_only_the_writers_own_clients_networks_count(network_names):
    assert "Sundin" not in network_names
    assert find_identifying("Sundin svarar inte.", client_names=network_names) == []


def test_the_names_with_the_network_are_still_one_query(
    network_names, ombud, django_assert_num_queries
):
    with django_assert_num_queries(1):
        names = client_names_for(ombud)
    assert {"Maja", "Lena", "Berg", "Östlund"} <= set(names)
