"""The API on plans (assignments, tasks, meetings, wishes) and messages: every operation
tried by Maja's ombud, Maja, another ombud, another client and a coordinator; the page's
form errors in Swedish; the same actions (events, push) as the pages; CSRF; the schema.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from portal.actions.messaging import send_message, set_read_receipts
from portal.actions.plan import add_assignment
from portal.attachments import CleanFile
from portal.models import (
    Assignment,
    AuditEntry,
    ContactEvent,
    Meeting,
    Message,
    Organisation,
    PlanComment,
    Task,
)

Verb = ContactEvent.Verb
JSON = "application/json"


@pytest.fixture
def pushed(monkeypatch):
    """The push notifications the actions asked for: (user, kind)."""
    sent = []

    def notify(user, kind):
        sent.append((user, kind))

    monkeypatch.setattr("portal.actions.plan.notify", notify)
    monkeypatch.setattr("portal.actions.messaging.notify", notify)
    return sent


def _pdf() -> CleanFile:
    return CleanFile(
        content=b"%PDF-1.4\ntrailer\n<< >>\n%%EOF\n",
        content_type="application/pdf",
        extension="pdf",
        width=None,
        height=None,
    )


# --- Who may do what -----------------------------------------------------------------

# (name, method, url, body, status for Maja's ombud, status for Maja); everyone else 404.
OPERATIONS = [
    (
        "add_assignment",
        "post",
        lambda o: f"/api/contacts/{o.contact.pk}/assignments",
        {"title": "Hitta en bostad", "life_area": "housing"},
        201,
        201,
    ),
    (
        "edit_assignment",
        "put",
        lambda o: f"/api/assignments/{o.assignment.pk}",
        {"title": "Ekonomin i ordning", "life_area": "economy"},
        200,
        403,
    ),
    (
        "add_task",
        "post",
        lambda o: f"/api/assignments/{o.assignment.pk}/tasks",
        {"what": "Ring banken", "who": "ombud"},
        201,
        201,
    ),
    (
        "edit_task",
        "put",
        lambda o: f"/api/tasks/{o.task.pk}",
        {"what": "Öppna posten", "who": "client"},
        200,
        403,
    ),
    ("remove_task", "delete", lambda o: f"/api/tasks/{o.task.pk}", None, 204, 403),
    (
        "remove_assignment",
        "delete",
        lambda o: f"/api/assignments/{o.assignment.pk}",
        None,
        204,
        403,
    ),
    ("task_done", "post", lambda o: f"/api/tasks/{o.task.pk}/done", {"done": True}, 200, 200),
    ("list_meetings", "get", lambda o: f"/api/contacts/{o.contact.pk}/meetings", None, 200, 200),
    (
        "add_meeting",
        "post",
        lambda o: f"/api/contacts/{o.contact.pk}/meetings",
        {"date": "2030-01-02", "time": "10:00", "place": "Hemma"},
        201,
        403,
    ),
    (
        "edit_meeting",
        "put",
        lambda o: f"/api/meetings/{o.meeting.pk}",
        {"date": "2030-01-03", "time": "11:00", "place": "Hemma"},
        200,
        403,
    ),
    ("remove_meeting", "delete", lambda o: f"/api/meetings/{o.meeting.pk}", None, 204, 403),
    (
        "answer_meeting",
        "post",
        lambda o: f"/api/meetings/{o.meeting.pk}/answer",
        {"answer": "coming"},
        403,
        200,
    ),
    ("list_comments", "get", lambda o: f"/api/contacts/{o.contact.pk}/comments", None, 200, 200),
    (
        "add_comment",
        "post",
        lambda o: f"/api/contacts/{o.contact.pk}/comments",
        {"text": "Kan vi ses på förmiddagen?"},
        201,
        201,
    ),
    ("list_messages", "get", lambda o: f"/api/contacts/{o.contact.pk}/messages", None, 200, 200),
    (
        "send_message",
        "post",
        lambda o: f"/api/contacts/{o.contact.pk}/messages",
        {"text": "Hej!", "client_uuid": "6f1c2a52-5d7e-4b8e-9a43-1c7f3b2e9d10"},
        201,
        201,
    ),
    ("mark_read", "post", lambda o: f"/api/contacts/{o.contact.pk}/messages/read", None, 200, 200),
]


@pytest.mark.parametrize(
    "name,method,url,body,ombud_status,client_status", OPERATIONS, ids=[op[0] for op in OPERATIONS]
)
def test_each_operation_follows_the_pages_access_rules(
    name,
    method,
    url,
    body,
    ombud_status,
    client_status,
    person,
    browsers,
    contact,
    ombud,
    client_user,
    assignment,
    task,
    meeting,
    call_api,
):
    # Something unread for each side, so that marking read is a change.
    send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())
    send_message(contact, client_user, text="Hej Anna", client_uuid=uuid.uuid4())
    contact.refresh_from_db()
    seq_before = contact.last_seq
    objects = SimpleNamespace(contact=contact, assignment=assignment, task=task, meeting=meeting)

    response = call_api(browsers[person], method, url(objects), body)

    expected = {"ombud": ombud_status, "client": client_status}.get(person, 404)
    assert response.status_code == expected, (name, person, response.content)
    contact.refresh_from_db()
    changed = contact.last_seq != seq_before
    assert changed == (method != "get" and expected < 300), (name, person)
    if expected == 404:
        text = response.content.decode()
        assert "Maja" not in text and task.what not in text and "Biblioteket" not in text


def test_either_party_moves_an_assignment_and_gets_the_new_order(
    person, browsers, contact, ombud, assignment, call_api
):
    second = add_assignment(contact, ombud, title="Hitta en bostad", life_area="housing")
    response = call_api(
        browsers[person], "post", f"/api/assignments/{second.pk}/move", {"to": "top"}
    )
    expected = 200 if person in ("ombud", "client") else 404
    assert response.status_code == expected, person
    titles = list(contact.assignments.values_list("title", flat=True))
    if expected == 200:
        assert [a["title"] for a in response.json()] == titles == [second.title, assignment.title]
    else:
        assert titles == [assignment.title, second.title]
        assert "Maja" not in response.content.decode()


def test_a_move_that_is_not_one_is_refused_in_swedish(client_client, assignment, call_api):
    response = call_api(
        client_client, "post", f"/api/assignments/{assignment.pk}/move", {"to": "x"}
    )
    assert response.status_code == 422
    assert "to" in response.json()["errors"]


def test_the_client_shapes_the_plan_through_the_api(client_client, ombud_client, contact, call_api):
    """The client's own assignment and task: edited and removed by the client, the words
    refused to the ombud (403), who still sets the life area and who does the task."""
    created = call_api(
        client_client, "post", f"/api/contacts/{contact.pk}/assignments", {"title": "Simma"}
    ).json()
    assert (created["life_area"], created["created_by"]["name"], created["position"]) == (
        "other",
        "Maja",
        0,
    )
    url = f"/api/assignments/{created['id']}"
    assert call_api(client_client, "put", url, {"title": "Simma varje vecka"}).status_code == 200
    refused = call_api(ombud_client, "put", url, {"title": "Simning", "life_area": "health"})
    assert refused.status_code == 403
    kept = call_api(ombud_client, "put", url, {"title": "Simma varje vecka", "life_area": "health"})
    assert (kept.status_code, kept.json()["life_area"]) == (200, "health")
    task = call_api(
        client_client, "post", f"{url}/tasks", {"what": "Köpa badkort", "who": "client"}
    ).json()
    task_url = f"/api/tasks/{task['id']}"
    words = call_api(ombud_client, "put", task_url, {"what": "Badkort", "who": "together"})
    assert words.status_code == 403
    who = call_api(ombud_client, "put", task_url, {"what": "Köpa badkort", "who": "together"})
    assert (who.status_code, who.json()["who"]) == (200, "together")
    assert call_api(ombud_client, "delete", task_url).status_code == 403
    assert call_api(ombud_client, "delete", url).status_code == 403
    assert call_api(client_client, "delete", task_url).status_code == 204
    assert call_api(client_client, "delete", url).status_code == 204
    assert not Assignment.objects.filter(pk=created["id"]).exists()


def test_a_task_carries_the_decision_it_waits_for(ombud_client, assignment, contact, call_api):
    from portal.actions.network import add_person

    lena = add_person(
        contact, contact.client, role="case_officer", organisation="forsakringskassan"
    )
    response = call_api(
        ombud_client,
        "post",
        f"/api/assignments/{assignment.pk}/tasks",
        {
            "what": "Vänta på beslutet",
            "who": "other",
            "who_other": "Lena",
            "network_person_id": lena.pk,
            "decision_received_on": "2025-03-02",
            "appeal_weeks": 3,
        },
    )
    body = response.json()
    assert response.status_code == 201
    assert (body["network_person_id"], body["appeal_last_day"], body["organisation"]) == (
        lena.pk,
        "2025-03-23",
        "forsakringskassan",
    )
    stranger = call_api(
        ombud_client,
        "post",
        f"/api/assignments/{assignment.pk}/tasks",
        {"what": "x", "who": "client", "network_person_id": 99999},
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"]["network_person_id"] == [
        "Välj någon i listan, eller Ingen särskild."
    ]


# --- Assignments and tasks -----------------------------------------------------------


def test_ombud_adds_an_assignment_through_the_same_action(
    ombud_client, contact, client_user, pushed
):
    response = ombud_client.post(
        f"/api/contacts/{contact.pk}/assignments",
        {"title": "Hitta en bostad", "life_area": "housing"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assignment = Assignment.objects.get(pk=body["id"])
    assert (assignment.contact, assignment.title, assignment.life_area) == (
        contact,
        "Hitta en bostad",
        "housing",
    )
    assert body["tasks"] == []
    event = contact.events.first()
    assert (event.verb, event.object_id) == (Verb.ADDED_ASSIGNMENT, assignment.pk)
    assert pushed == [(client_user, "plan")]


def test_ombud_edits_an_assignment_and_gets_its_tasks_back(ombud_client, assignment, task):
    response = ombud_client.put(
        f"/api/assignments/{assignment.pk}",
        {"title": "Ekonomin i ordning", "life_area": "economy"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Ekonomin i ordning"
    assert [t["id"] for t in response.json()["tasks"]] == [task.pk]
    assignment.refresh_from_db()
    assert assignment.title == "Ekonomin i ordning"
    assert assignment.contact.events.first().verb == Verb.CHANGED_ASSIGNMENT


def test_assignment_errors_are_the_forms_in_swedish(ombud_client, contact, assignment):
    response = ombud_client.post(
        f"/api/contacts/{contact.pk}/assignments",
        {"title": "", "life_area": "moon"},
        content_type=JSON,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Uppdraget sparades inte. Rätta det som står nedan."
    assert body["errors"] == {
        "title": ["Fyll i det här fältet."],
        "life_area": ["Välj ett livsområde."],
    }
    response = ombud_client.put(
        f"/api/assignments/{assignment.pk}",
        {"title": "x" * 301, "life_area": "economy"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "högst 300 tecken" in response.json()["errors"]["title"][0]
    assignment.refresh_from_db()
    assert assignment.title == "Få ordning på min ekonomi"
    assert Assignment.objects.count() == 1


def test_ombud_edits_a_task_with_its_organisation(ombud_client, client_client, task, pushed):
    response = ombud_client.put(
        f"/api/tasks/{task.pk}",
        {
            "what": "Ansök om aktivitetsersättning",
            "who": "ombud",
            "due": "2030-05-01",
            "organisation": "forsakringskassan",
        },
        content_type=JSON,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["what"], body["who"], body["due"], body["organisation"]) == (
        "Ansök om aktivitetsersättning",
        "ombud",
        "2030-05-01",
        "forsakringskassan",
    )
    assert body["updated_by"]["name"] == "Anna"
    task.refresh_from_db()
    assert task.organisation == Organisation.FORSAKRINGSKASSAN
    assert task.contact.events.first().verb == Verb.CHANGED_TASK
    assert pushed == [(task.contact.client, "plan")]
    # The plan shows the organisation to both parties.
    plan = client_client.get(f"/api/contacts/{task.contact_id}/plan").json()
    assert plan["assignments"][0]["tasks"][0]["organisation"] == "forsakringskassan"


def test_task_organisation_is_filled_in_from_who_as_on_the_page(ombud_client, assignment):
    response = ombud_client.post(
        f"/api/assignments/{assignment.pk}/tasks",
        {"what": "Skicka läkarintyget", "who": "other", "who_other": "Försäkringskassan"},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == "forsakringskassan"


def test_task_errors_are_the_forms_in_swedish(ombud_client, task):
    response = ombud_client.put(
        f"/api/tasks/{task.pk}",
        {"what": "Ring", "who": "other", "who_other": "", "organisation": "nasa"},
        content_type=JSON,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Uppgiften sparades inte. Rätta det som står nedan."
    assert body["errors"] == {
        "organisation": ["Välj en organisation i listan eller Ingen särskild."],
        "who_other": ["Skriv vem som gör det, till exempel Försäkringskassan."],
    }
    task.refresh_from_db()
    assert task.what == "Öppna posten från Kronofogden"


def test_ombud_removes_a_task(ombud_client, task):
    contact = task.contact
    response = ombud_client.delete(f"/api/tasks/{task.pk}")
    assert response.status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    event = contact.events.first()
    assert (event.verb, event.object_id) == (Verb.REMOVED_TASK, task.pk)


# --- Meetings ------------------------------------------------------------------------


def test_ombud_adds_edits_and_removes_a_meeting(ombud_client, client_client, contact, pushed):
    response = ombud_client.post(
        f"/api/contacts/{contact.pk}/meetings",
        {"date": "2030-01-02", "time": "10:00", "place": "Biblioteket", "about": "Budget"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2030, 1, 2), 10, 0)
    assert (body["place"], body["about"], body["client_answer"]) == ("Biblioteket", "Budget", "")
    assert contact.events.first().verb == Verb.ADDED_MEETING
    listed = client_client.get(f"/api/contacts/{contact.pk}/meetings").json()
    assert [m["id"] for m in listed] == [meeting.pk]

    response = ombud_client.put(
        f"/api/meetings/{meeting.pk}",
        {"date": "2030-01-03", "time": "13:30", "place": "Hemma"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["place"] == "Hemma"
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).hour == 13
    assert contact.events.first().verb == Verb.CHANGED_MEETING

    assert ombud_client.delete(f"/api/meetings/{meeting.pk}").status_code == 204
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert contact.events.first().verb == Verb.REMOVED_MEETING
    assert pushed == [(contact.client, "plan")] * 3


def test_meeting_errors_are_the_forms_in_swedish(ombud_client, contact, meeting):
    response = ombud_client.post(
        f"/api/contacts/{contact.pk}/meetings",
        {"date": "", "time": "10.00", "place": ""},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "date": ["Välj en dag."],
        "time": ["Skriv tiden som 10:00."],
        "place": ["Fyll i det här fältet."],
    }
    response = ombud_client.put(
        f"/api/meetings/{meeting.pk}",
        {"date": "3 januari", "time": "10:00", "place": "Hemma"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "date": ["Skriv dagen som år-månad-dag, till exempel 2026-12-03."]
    }
    meeting.refresh_from_db()
    assert meeting.place == "Biblioteket"


def test_client_answers_a_meeting_and_the_plan_shows_it(client_client, ombud_client, meeting):
    response = client_client.post(
        f"/api/meetings/{meeting.pk}/answer", {"answer": "not_coming"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["client_answer"] == "not_coming"
    assert meeting.contact.events.first().verb == Verb.ANSWERED_MEETING
    plan = ombud_client.get(f"/api/contacts/{meeting.contact_id}/plan").json()
    assert plan["meetings"][0]["client_answer"] == "not_coming"


def test_an_answer_that_is_not_one_of_the_two_is_refused(client_client, meeting):
    response = client_client.post(
        f"/api/meetings/{meeting.pk}/answer", {"answer": "maybe"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"answer": ["Välj Jag kommer eller Jag kan inte."]}
    meeting.refresh_from_db()
    assert meeting.client_answer == ""


# --- Wishes and comments -------------------------------------------------------------


@pytest.mark.parametrize("person", ["ombud", "client"])
def test_either_party_writes_a_wish(person, browsers, contact):
    response = browsers[person].post(
        f"/api/contacts/{contact.pk}/comments", {"text": "Ring hellre än skriv"}, content_type=JSON
    )
    assert response.status_code == 201
    body = response.json()
    comment = PlanComment.objects.get(pk=body["id"])
    assert (comment.contact, comment.text) == (contact, "Ring hellre än skriv")
    author = contact.ombud if person == "ombud" else contact.client
    assert body["author"]["id"] == author.pk
    assert contact.events.first().verb == Verb.COMMENTED
    listed = browsers["client"].get(f"/api/contacts/{contact.pk}/comments").json()
    assert [c["text"] for c in listed] == ["Ring hellre än skriv"]


def test_an_empty_wish_is_refused_in_swedish(client_client, contact):
    response = client_client.post(
        f"/api/contacts/{contact.pk}/comments", {"text": "   "}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"text": ["Fyll i det här fältet."]}
    assert not PlanComment.objects.exists()


# --- Messages ------------------------------------------------------------------------


def test_messages_come_a_page_at_a_time_oldest_first(client_client, contact, ombud):
    sent = [
        send_message(contact, ombud, text=f"Meddelande {n}", client_uuid=uuid.uuid4())[0]
        for n in range(35)
    ]
    body = client_client.get(f"/api/contacts/{contact.pk}/messages").json()
    assert [m["id"] for m in body["messages"]] == [m.pk for m in sent[5:]]
    assert body["has_older"] is True
    assert body["oldest_id"] == sent[5].pk
    older = client_client.get(
        f"/api/contacts/{contact.pk}/messages?before={body['oldest_id']}"
    ).json()
    assert [m["text"] for m in older["messages"]] == [f"Meddelande {n}" for n in range(5)]
    assert older["has_older"] is False
    # Reading the list does not mark anything read: that is its own operation.
    assert Message.objects.filter(read_at__isnull=True).count() == 35


def test_attachments_are_links_to_the_attachment_view_not_content(
    ombud_client, client_client, contact, client_user
):
    message, _created = send_message(
        contact, client_user, text="Här är brevet", client_uuid=uuid.uuid4(), attachment=_pdf()
    )
    attachment = message.attachments.get()
    response = ombud_client.get(f"/api/contacts/{contact.pk}/messages")
    listed = response.json()["messages"][0]
    assert listed["attachments"] == [
        {
            "id": attachment.pk,
            "url": f"/bilaga/{attachment.pk}/",
            "content_type": "application/pdf",
            "size": attachment.size,
            "width": None,
            "height": None,
        }
    ]
    assert b"%PDF" not in response.content
    assert ombud_client.get(listed["attachments"][0]["url"]).status_code == 200
    assert (listed["mine"], listed["sender"]["name"]) == (False, "Maja")


def test_sending_is_stored_once_per_client_uuid(ombud_client, contact, client_user, pushed):
    url = f"/api/contacts/{contact.pk}/messages"
    data = {"text": "Jag ringer i morgon.", "client_uuid": str(uuid.uuid4())}
    first = ombud_client.post(url, data, content_type=JSON)
    assert first.status_code == 201
    contact.refresh_from_db()
    seq = contact.last_seq
    again = ombud_client.post(url, data, content_type=JSON)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Message.objects.filter(contact=contact).count() == 1
    contact.refresh_from_db()
    assert contact.last_seq == seq  # no second event
    assert pushed == [(client_user, "message")]  # one notification, to the other party
    message = Message.objects.get()
    assert (message.sender, message.text, str(message.client_uuid)) == (
        contact.ombud,
        "Jag ringer i morgon.",
        data["client_uuid"],
    )
    assert contact.events.first().verb == Verb.SENT_MESSAGE
    assert first.json()["mine"] is True


def test_message_errors_are_the_forms_in_swedish(client_client, contact):
    url = f"/api/contacts/{contact.pk}/messages"
    response = client_client.post(
        url, {"text": "  ", "client_uuid": str(uuid.uuid4())}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Meddelandet skickades inte. Rätta det som står nedan."
    assert response.json()["errors"]["text"][0].startswith("Skriv något")
    response = client_client.post(
        url, {"text": "x" * 4001, "client_uuid": str(uuid.uuid4())}, content_type=JSON
    )
    assert response.status_code == 422
    assert "högst 4000 tecken" in response.json()["errors"]["text"][0]
    assert not Message.objects.exists()


def test_mark_read_and_who_sees_that_it_was_read(ombud_client, client_client, contact, ombud):
    client_user = contact.client
    from_anna, _ = send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())
    from_maja, _ = send_message(contact, client_user, text="Hej Anna", client_uuid=uuid.uuid4())
    url = f"/api/contacts/{contact.pk}/messages"

    assert client_client.post(f"{url}/read").json() == {"marked": 1}
    assert ombud_client.post(f"{url}/read").json() == {"marked": 1}
    assert ombud_client.post(f"{url}/read").json() == {"marked": 0}
    assert contact.events.first().verb == Verb.READ_MESSAGES

    def read_at(browser, message):
        listed = {m["id"]: m for m in browser.get(url).json()["messages"]}
        return listed[message.pk]["read_at"]

    # Maja always sees that Anna has read hers; Anna only if Maja shares it.
    assert read_at(client_client, from_maja) is not None
    assert read_at(ombud_client, from_anna) is None
    set_read_receipts(contact, client_user, share=True)
    assert read_at(ombud_client, from_anna) is not None


def test_the_ombud_reading_messages_is_in_who_looked(ombud_client, client_client, contact):
    url = f"/api/contacts/{contact.pk}/messages"
    ombud_client.get(url)
    ombud_client.get(f"{url}?before=1000")  # paging back is the same opening
    client_client.get(url)  # the client's own reading is not recorded
    entries = AuditEntry.objects.filter(contact=contact)
    assert [(e.actor, e.action, e.what) for e in entries] == [
        (contact.ombud, AuditEntry.Action.VIEWED_MESSAGES, "api")
    ]


# --- CSRF ----------------------------------------------------------------------------


def _csrf_browser(user, password, page):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=user.username, password=password)
    browser.get(page)  # any page sets the CSRF cookie
    return browser, browser.cookies["csrftoken"].value


def test_every_kind_of_write_needs_the_csrf_token(
    ombud, contact, task, meeting, password, call_api
):
    browser, token = _csrf_browser(ombud, password, "/ombud/")
    writes = [
        ("put", f"/api/tasks/{task.pk}", {"what": "Ändrad", "who": "ombud"}, 200),
        ("delete", f"/api/meetings/{meeting.pk}", None, 204),
        (
            "post",
            f"/api/contacts/{contact.pk}/messages",
            {"text": "Hej", "client_uuid": str(uuid.uuid4())},
            201,
        ),
    ]
    for method, url, body, status in writes:
        contact.refresh_from_db()
        seq = contact.last_seq
        assert call_api(browser, method, url, body).status_code == 403, url
        contact.refresh_from_db()
        assert contact.last_seq == seq, url
        response = getattr(browser, method)(
            url, body or {}, content_type=JSON, HTTP_X_CSRFTOKEN=token
        )
        assert response.status_code == status, url


def test_the_clients_writes_need_the_csrf_token_too(
    client_user, contact, meeting, password, call_api
):
    browser, token = _csrf_browser(client_user, password, "/min-plan/")
    url = f"/api/meetings/{meeting.pk}/answer"
    assert call_api(browser, "post", url, {"answer": "coming"}).status_code == 403
    response = browser.post(url, {"answer": "coming"}, content_type=JSON, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


# --- The schema ----------------------------------------------------------------------

NEW_OPERATIONS = {
    ("post", "/api/contacts/{contact_id}/assignments"): ("AssignmentIn", {"201": "AssignmentOut"}),
    ("put", "/api/assignments/{assignment_id}"): ("AssignmentIn", {"200": "AssignmentOut"}),
    ("post", "/api/assignments/{assignment_id}/tasks"): ("TaskIn", {"201": "TaskOut"}),
    ("put", "/api/tasks/{task_id}"): ("TaskIn", {"200": "TaskOut"}),
    ("delete", "/api/tasks/{task_id}"): (None, {}),
    ("delete", "/api/assignments/{assignment_id}"): (None, {}),
    ("post", "/api/assignments/{assignment_id}/move"): ("MoveIn", {}),
    ("get", "/api/contacts/{contact_id}/network"): (None, {}),
    ("post", "/api/contacts/{contact_id}/network"): (
        "NetworkPersonIn",
        {"201": "NetworkPersonOut"},
    ),
    ("put", "/api/network/{person_id}"): ("NetworkPersonIn", {"200": "NetworkPersonOut"}),
    ("delete", "/api/network/{person_id}"): (None, {}),
    ("post", "/api/tasks/{task_id}/done"): ("TaskDoneIn", {"200": "TaskOut"}),
    ("get", "/api/contacts/{contact_id}/meetings"): (None, {}),
    ("post", "/api/contacts/{contact_id}/meetings"): ("MeetingIn", {"201": "MeetingOut"}),
    ("put", "/api/meetings/{meeting_id}"): ("MeetingIn", {"200": "MeetingOut"}),
    ("delete", "/api/meetings/{meeting_id}"): (None, {}),
    ("post", "/api/meetings/{meeting_id}/answer"): ("MeetingAnswerIn", {"200": "MeetingOut"}),
    ("get", "/api/contacts/{contact_id}/comments"): (None, {}),
    ("post", "/api/contacts/{contact_id}/comments"): ("CommentIn", {"201": "CommentOut"}),
    ("get", "/api/contacts/{contact_id}/messages"): (None, {"200": "MessagePageOut"}),
    ("post", "/api/contacts/{contact_id}/messages"): (
        "MessageIn",
        {"201": "MessageOut", "200": "MessageOut"},
    ),
    ("post", "/api/contacts/{contact_id}/messages/read"): (None, {"200": "ReadOut"}),
}


def test_the_schema_lists_every_operation_with_its_schemas(client, schema_of):
    schema = client.get("/api/openapi.json").json()
    for (method, path), (body, responses) in NEW_OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["summary"] and operation["tags"], (method, path)
        if body:
            assert schema_of(operation["requestBody"]["content"]) == body, (method, path)
        for status, out in responses.items():
            assert schema_of(operation["responses"][status]["content"]) == out, (method, path)
        if "422" in operation["responses"]:
            assert schema_of(operation["responses"]["422"]["content"]) == "FormErrors"
    components = schema["components"]["schemas"]
    assert "organisation" in components["TaskOut"]["properties"]
    assert "organisation" in components["TaskIn"]["properties"]
    for name in ("network_person_id", "decision_expected_on", "appeal_weeks", "created_by"):
        assert name in components["TaskOut"]["properties"], name
    assert "appeal_last_day" in components["TaskOut"]["properties"]
    assert {"position", "created_by"} <= set(components["AssignmentOut"]["properties"])
    assert "client_answer" in components["MeetingOut"]["properties"]
    assert set(components["MessageOut"]["properties"]) == {
        "id",
        "client_uuid",
        "sender",
        "mine",
        "text",
        "created_at",
        "read_at",
        "attachments",
    }
    assert "url" in components["AttachmentOut"]["properties"]
    assert client.get("/api/docs").status_code == 200
