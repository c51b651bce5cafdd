"""Words for someone who is tired and stressed (issue 12): the lättläst rules, guarded as
far as a test can guard them cheaply.

- Every sentence the client can be shown from a template is at most MAX_WORDS words
  (a name counts as one word). The templates are found from the client's pages by
  following their includes and extends, so a new partial is checked without being listed.
- Words that confuse or mean two things never reach the client: "Tillbakataget",
  "förstörs", "offline", a bare "JSON" (only beside what it is: a file for computer
  programs), "Klienten"/"Ombudet" on the client's own pages (the client is "du", the
  ombud has a name), the plan's "Uppdrag och uppgifter".
- In English the ombud is "your ombud", never "ombudsman" or "agent": the compiled
  catalogue, the templates and the scripts are scanned.

The rules themselves are in docs/decisions.md ("Words for someone tired and stressed").
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"

# Lättläst: short sentences. 15 words is the usual ceiling for easy-to-read Swedish.
MAX_WORDS = 15

# The pages a client (or someone on the way to becoming one) can open.
CLIENT_STARTS = [
    *(f"client/{p.name}" for p in (TEMPLATES / "client").glob("*.html")),
    *(f"registration/{p.name}" for p in (TEMPLATES / "registration").glob("*.html")),
    *(f"account/{p.name}" for p in (TEMPLATES / "account").glob("*.html")),
    "offline.html",
    "export/copy.html",
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
    "503.html",
    # Rendered on their own, for htmx answers and live frames on the client's pages.
    "partials/toast.html",
    "partials/undo_toast.html",
    "partials/message_older.html",
    "partials/contact_gone.html",
    "partials/welcome_errors.html",
]

INCLUDE = re.compile(r'{%\s*(?:include|extends)\s+"([^"]+)"')
TRANSLATE = re.compile(r"""{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")
BLOCK = re.compile(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
PLURAL = re.compile(r"{%\s*plural\s*%}")


def client_templates() -> list[str]:
    """The client's pages and everything they include or extend, transitively."""
    seen: set[str] = set()
    todo = list(CLIENT_STARTS)
    while todo:
        name = todo.pop()
        path = TEMPLATES / name
        if name in seen or not path.exists():
            continue
        seen.add(name)
        todo.extend(INCLUDE.findall(path.read_text()))
    return sorted(seen)


def msgids(name: str) -> list[str]:
    text = (TEMPLATES / name).read_text()
    found = [a or b for a, b in TRANSLATE.findall(text)]
    for body in BLOCK.findall(text):
        found.extend(PLURAL.split(body))
    return found


def sentences(msgid: str) -> list[str]:
    plain = re.sub(r"{{[^}]*}}|%\(\w+\)[sd]|\{\w+\}", "X", msgid)
    plain = re.sub(r"<[^>]+>", "", plain)
    return [s for s in re.split(r"(?<=[.!?:])\s+", plain) if s.strip()]


def test_the_client_templates_are_found_from_the_pages():
    names = client_templates()
    # A page, a partial it includes and one that partial includes in turn.
    assert "client/plan.html" in names
    assert "partials/assignment_section.html" in names
    assert "partials/task_row.html" in names
    assert "offline.html" in names


def test_every_sentence_the_client_reads_is_short():
    long = [
        f"{name}: {sentence} ({len(sentence.split())} words)"
        for name in client_templates()
        for msgid in msgids(name)
        for sentence in sentences(msgid)
        if len(sentence.split()) > MAX_WORDS
    ]
    assert long == []


# The code that words what the client reads: toasts, form labels and errors, the copy's
# and the letters' sentences, the live announcements.
CLIENT_CODE = [
    "client_ui",
    "portal/pages",
    "portal/passwords.py",
    "portal/forms/account.py",
    "portal/forms/base.py",
    "portal/forms/consent.py",
    "portal/forms/letters.py",
    "portal/forms/messaging.py",
    "portal/forms/network.py",
    "portal/forms/pause.py",
    "portal/forms/plan.py",
    "portal/attachments.py",
    "portal/throttle.py",
    "portal/queries/copy.py",
    "portal/queries/letters.py",
    "portal/templatetags/plain.py",
    "portal/actions/account_changes.py",
    "realtime/frames.py",
]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def code_msgids() -> list[tuple[str, str]]:
    found = []
    for entry in CLIENT_CODE:
        path = ROOT / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            for node in ast.walk(ast.parse(file.read_text())):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                text = node.args[0]
                if name in GETTEXT and isinstance(text, ast.Constant):
                    found.append((f"{entry}:{node.lineno}", str(text.value)))
    return found


def test_every_sentence_the_code_says_to_the_client_is_short():
    found = code_msgids()
    assert len(found) > 100  # the scan reads the code
    long = [
        f"{where}: {sentence}"
        for where, msgid in found
        for sentence in sentences(msgid)
        if len(sentence.split()) > MAX_WORDS
    ]
    assert long == []


def test_the_sentence_rule_counts_words():
    long = "Det här är en mening som har alldeles för många ord för den som är trött och stressad."
    assert len(sentences(long)[0].split()) > MAX_WORDS
    assert [len(s.split()) for s in sentences("Spara. Du ser {{ name }} här!")] == [1, 4]


# Words that confuse, mean two things, or are the machinery's and not the client's.
BANNED_EVERYWHERE = {
    "Tillbakataget": "say who did what: Du tog tillbaka det, Taget tillbaka",
    "tillbakataget": "say who did what: Du har tagit tillbaka samtycket",
    "förstörs": "active and plain: Appen tar bort …",
    "offline": "Du har inget nät",
    "anonyma": "Bara siffror finns kvar, utan ditt namn",
}


def test_no_jargon_in_what_the_client_reads():
    found = [
        f"{name}: {word!r} in {msgid!r} ({advice})"
        for name in client_templates()
        for msgid in msgids(name)
        for word, advice in BANNED_EVERYWHERE.items()
        if re.search(rf"\b{word}\b", msgid)
    ]
    assert found == []


def test_json_is_only_named_beside_what_it_is():
    bare = [
        f"{name}: {msgid!r}"
        for name in client_templates()
        for msgid in msgids(name)
        if "JSON" in msgid and "datorprogram" not in msgid
    ]
    assert bare == []


def test_the_client_only_pages_say_du_and_never_the_roles():
    """On templates only the client sees, the client is "du" and the ombud has a name:
    never "Klienten", and "Ombudet" only as "ditt ombud"."""
    found = []
    for path in sorted((TEMPLATES / "client").glob("*.html")):
        for msgid in msgids(f"client/{path.name}"):
            if re.search(r"\b[Kk]lienten?s?\b|\bOmbudet\b", msgid):
                found.append(f"{path.name}: {msgid!r}")
    assert found == []


@pytest.fixture
def full_plan(contact, assignment, task, ombud, client_user, meeting):
    """Something of everything on the client's pages: the ombud's task and a task done
    together, a consent taken back, a network person."""
    from portal.actions.consent import give_consent, withdraw_consent
    from portal.actions.network import add_person
    from portal.actions.plan import add_task

    add_task(assignment, ombud, what="Anna ringer Försäkringskassan", who="ombud")
    add_task(assignment, ombud, what="Fylla i ansökan", who="together")
    consent = give_consent(contact, client_user, organisation="kronofogden", covers="Skulden")
    withdraw_consent(consent, client_user)
    add_person(contact, client_user, role="case_officer", organisation="forsakringskassan")
    return contact


CLIENT_PAGES = [
    "client_plan",
    "client_messages",
    "client_meetings",
    "client_more",
    "client_consents",
    "client_network",
    "client_copy",
    "client_end",
    "client_pause",
    "client_who_looked",
    "client_devices",
    "client_password",
]


def _visible(html: str) -> str:
    """The words on the page: no tags, no attributes, no scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_the_rendered_client_pages_speak_plainly(client_client, full_plan, page):
    text = _visible(client_client.get(reverse(page)).content.decode())
    for word in ("Klienten", "klienten", "Uppdrag och uppgifter", "Tillbakataget", "offline"):
        assert word not in text, (page, word)
    assert not re.search(r"\bJSON\b(?![- ]fil)", text), page


def test_the_consent_taken_back_says_so_in_common_words(client_client, full_plan):
    text = _visible(client_client.get(reverse("client_consents")).content.decode())
    assert "Taget tillbaka" in text and "Du tog tillbaka det" in text


# --- English: the ombud is "your ombud" -------------------------------------------------

NOT_THE_OMBUD = re.compile(r"\bombuds(?:man|men)\b|\bagents?\b", re.I)


def test_the_english_catalogue_never_says_ombudsman():
    mo = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    wrong = [
        text
        for text in catalogue._catalog.values()  # type: ignore[attr-defined]
        if isinstance(text, str) and NOT_THE_OMBUD.search(text)
    ]
    assert wrong == []
    # …and the PO term is there.
    assert catalogue.gettext("%(name)s (ditt ombud)") == "%(name)s (your ombud)"


def test_nothing_written_in_english_in_the_code_says_ombudsman():
    wrong = [
        str(path.relative_to(ROOT))
        for folder in ("templates", "static/js", "portal", "client_ui", "ombud_ui", "realtime")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".html", ".js", ".py")
        and re.search(r"ombudsm[ae]n", path.read_text(errors="ignore"), re.I)
    ]
    assert wrong == []


def test_an_english_client_reads_your_ombud(client_client, full_plan):
    client_client.cookies["django_language"] = "en"
    text = _visible(client_client.get(reverse("client_plan")).content.decode())
    assert "(your ombud)" in text
    assert not NOT_THE_OMBUD.search(text)


# --- Choosing a password: our words, never Django's -----------------------------------

DJANGOS_WORDS = re.compile(
    r"lösenordsfälten|felaktigt ifyllt|alltför likt|alldeles för vanligt|enbart numeriskt|"
    r"Säkerställ|Ange ett giltigt"
)


@pytest.mark.parametrize(
    ("new", "again", "said"),
    [
        ("password", "password", "Lösenordet är för kort."),
        ("12345678901234", "12345678901234", "Lösenordet kan inte bara vara siffror."),
        ("1qaz2wsx3edc", "1qaz2wsx3edc", "Det lösenordet är för vanligt"),
        ("blå cykel under bron", "grön cykel under bron", "Lösenorden är inte likadana."),
    ],
)
def test_a_refused_password_is_said_in_our_plain_words(client_client, contact, new, again, said):
    from tests.conftest import PASSWORD

    response = client_client.post(
        reverse("client_password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": again},
    )
    text = _visible(response.content.decode())
    assert said in text
    assert not DJANGOS_WORDS.search(text)
