"""Min plan, shaped by the client (issue 11): "Jag vill ha hjälp med …", "Lägg till något
att göra", editing and removing their own, "Det här är viktigast nu", and what the ombud
sees of it. Every form works as a plain post and with htmx."""

from django.urls import reverse

from portal.actions.plan import add_assignment, add_task
from portal.models import Assignment, Task, Who

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_client_adds_an_assignment_in_their_own_words(client_client, contact):
    response = client_client.post(
        reverse("client_assignment_add"), {"title": "Börja träna igen"}, **HTMX
    )
    body = response.content.decode()
    assignment = Assignment.objects.get(title="Börja träna igen")
    assert assignment.created_by == contact.client
    assert response.status_code == 200
    assert 'id="assignments"' in body and "Du skrev" in body
    assert "Sparat. Ditt ombud ser det nu." in body


def test_without_javascript_it_redirects_to_the_new_assignment(client_client):
    response = client_client.post(reverse("client_assignment_add"), {"title": "Simma"})
    assignment = Assignment.objects.get(title="Simma")
    assert response["Location"] == f"{reverse('client_plan')}#assignment-{assignment.pk}"


def test_an_empty_assignment_is_refused_plainly(client_client):
    response = client_client.post(reverse("client_assignment_add"), {"title": ""}, **HTMX)
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_client_adds_a_task_to_the_ombuds_assignment(client_client, assignment):
    url = reverse("client_task_add", args=[assignment.pk])
    response = client_client.post(url, {"what": "Ringa mamma", "who": "together"}, **HTMX)
    task = Task.objects.get(what="Ringa mamma")
    assert (task.who, task.created_by) == (Who.TOGETHER, assignment.contact.client)
    body = response.content.decode()
    assert "Du och Anna (ditt ombud)" in body


def test_a_task_form_with_errors_keeps_what_was_typed(client_client, assignment):
    url = reverse("client_task_add", args=[assignment.pk])
    response = client_client.post(url, {"what": "Ringa", "who": "other"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Skriv vem som gör det, till exempel Försäkringskassan." in body
    assert 'value="Ringa"' in body


def test_the_clients_task_form_speaks_to_the_client(client_client, assignment):
    body = client_client.get(reverse("client_plan")).content.decode()
    assert "+ Jag vill ha hjälp med …" in body
    assert "+ Lägg till något att göra" in body
    assert ">Jag</span>" in body and ">Anna (mitt ombud)</span>" in body
    assert ">Vi gör det tillsammans</span>" in body
    assert "Väntar ni på ett beslut?" in body
    assert 'name="organisation"' not in body  # the ombud's consent bookkeeping


def test_the_client_edits_and_removes_their_own_task(client_client, assignment, client_user):
    task = add_task(assignment, client_user, what="Ringa mamma", who=Who.CLIENT)
    edit = reverse("client_task_edit", args=[task.pk])
    form = client_client.get(edit, **HTMX)
    assert form.status_code == 200 and 'value="Ringa mamma"' in form.content.decode()
    response = client_client.post(edit, {"what": "Ringa pappa", "who": "client"}, **HTMX)
    assert "Ringa pappa" in response.content.decode()
    task.refresh_from_db()
    assert task.what == "Ringa pappa"
    client_client.post(reverse("client_task_remove", args=[task.pk]))
    assert not Task.objects.filter(pk=task.pk).exists()


def test_the_client_cannot_edit_or_remove_the_ombuds_and_is_not_offered_to(
    client_client, assignment, task
):
    body = client_client.get(reverse("client_plan")).content.decode()
    assert f'href="{reverse("client_task_edit", args=[task.pk])}"' not in body
    assert f'href="{reverse("client_assignment_edit", args=[assignment.pk])}"' not in body
    for url in (
        reverse("client_task_edit", args=[task.pk]),
        reverse("client_assignment_edit", args=[assignment.pk]),
    ):
        assert client_client.get(url).status_code == 403
    assert client_client.post(reverse("client_task_remove", args=[task.pk])).status_code == 403
    remove = reverse("client_assignment_remove", args=[assignment.pk])
    assert client_client.post(remove).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_the_client_edits_and_removes_their_own_assignment(client_client, contact, client_user):
    assignment = add_assignment(contact, client_user, title="Träna")
    edit = reverse("client_assignment_edit", args=[assignment.pk])
    page = client_client.get(edit).content.decode()
    assert "Det som står att göra här försvinner också." in page
    assert "Ta bort uppdraget" not in page and "Livsområde" not in page
    client_client.post(edit, {"title": "Träna två gånger i veckan"})
    assignment.refresh_from_db()
    assert assignment.title == "Träna två gånger i veckan"
    client_client.post(reverse("client_assignment_remove", args=[assignment.pk]))
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_the_client_puts_what_matters_most_first(client_client, contact, assignment, client_user):
    mine = add_assignment(contact, client_user, title="Träna")
    response = client_client.post(
        reverse("client_assignment_move", args=[mine.pk]), {"to": "top"}, **HTMX
    )
    body = response.content.decode()
    assert body.index("Träna") < body.index("Få ordning på min ekonomi")
    assert "Det står nu först, som det viktigaste. Ditt ombud ser det nu." in body
    assert list(contact.assignments.values_list("title", flat=True)) == [
        "Träna",
        "Få ordning på min ekonomi",
    ]
    # Without JavaScript: a plain post and back to the card.
    response = client_client.post(reverse("client_assignment_move", args=[mine.pk]), {"to": "down"})
    assert response["Location"] == f"{reverse('client_plan')}#assignment-{mine.pk}"
    bad = client_client.post(reverse("client_assignment_move", args=[mine.pk]), {"to": "ut"})
    assert bad.status_code == 400


def test_the_ombud_sees_who_wrote_what_and_cannot_reword_the_clients(
    ombud_client, assignment, client_user, contact
):
    mine = add_task(assignment, client_user, what="Ringa mamma", who=Who.CLIENT)
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Maja skrev" in plan and "Du skrev" in plan
    form = ombud_client.get(reverse("ombud_task_edit", args=[mine.pk])).content.decode()
    assert "Maja skrev det här. Bara Maja kan ändra orden." in form
    assert "disabled" in form
    assert reverse("ombud_task_remove", args=[mine.pk]) not in form
    # The ombud marks it "together": the words stay Maja's, whatever is posted.
    ombud_client.post(
        reverse("ombud_task_edit", args=[mine.pk]), {"what": "Ändrat av Anna", "who": "together"}
    )
    mine.refresh_from_db()
    assert (mine.what, mine.who) == ("Ringa mamma", Who.TOGETHER)
    response = ombud_client.post(reverse("ombud_task_remove", args=[mine.pk]))
    assert response.status_code == 403


def test_the_ombud_moves_and_removes_their_own_assignment(ombud_client, contact, assignment, ombud):
    other = add_assignment(contact, ombud, title="Bostad", life_area="housing")
    ombud_client.post(reverse("ombud_assignment_move", args=[other.pk]), {"to": "up"})
    assert contact.assignments.first() == other
    ombud_client.post(reverse("ombud_assignment_remove", args=[other.pk]))
    assert not Assignment.objects.filter(pk=other.pk).exists()


def test_the_count_of_what_is_left_is_the_clients_own_and_together(
    client_client, assignment, task, ombud
):
    add_task(assignment, ombud, what="Anna ringer FK", who=Who.OMBUD)
    add_task(assignment, ombud, what="Vi fyller i", who=Who.TOGETHER)
    body = client_client.get(reverse("client_plan")).content.decode()
    # The fixture's own task and the one done together; Anna's is shown but not counted.
    assert "Du har 2 saker kvar att göra." in body
    assert "Anna ringer FK" in body


def test_the_new_words_are_in_english_for_those_who_chose_it(
    client_client, ombud_client, contact, assignment, client_user
):
    from portal.actions.network import add_person

    add_person(contact, client_user, role="case_officer", organisation="forsakringskassan")
    add_task(assignment, client_user, what="Ringa", who=Who.TOGETHER)
    client_client.cookies["django_language"] = "en"
    plan = client_client.get(reverse("client_plan")).content.decode()
    assert "+ I want help with …" in plan and "+ Add something to do" in plan
    assert "You and Anna (your ombud)" in plan and "You wrote it" in plan
    assert "Are you waiting for a decision?" in plan and "This matters most now" in plan
    network = client_client.get(reverse("client_network")).content.decode()
    assert "My network" in network and "Case officer at Försäkringskassan" in network
    ombud_client.cookies["django_language"] = "en"
    body = ombud_client.get(reverse("ombud_network", args=[contact.pk])).content.decode()
    assert "The network around Maja" in body and "Maja wrote it" in body


def test_the_clients_own_tasks_come_first_on_her_plan_and_are_named_first(
    client_client, ombud_client, contact, assignment, ombud
):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    annas = add_task(
        assignment, ombud, what="Anna ringer FK", who=Who.OMBUD, due=today + datetime.timedelta(1)
    )
    mine = add_task(
        assignment, ombud, what="Ringa banken", who=Who.CLIENT, due=today + datetime.timedelta(5)
    )
    together = add_task(assignment, ombud, what="Fylla i ansökan", who=Who.TOGETHER)
    body = client_client.get(reverse("client_plan")).content.decode()
    # On the card: hers (by date), then Anna's.
    rows = [body.index(f'id="task-{task.pk}"') for task in (mine, together, annas)]
    assert rows == sorted(rows)
    # "Det här händer härnäst" names only what is hers, with a link to its row.
    start = body.index('id="next"')
    next_box = body[start : body.index("</section>", start)]
    assert "Du har 2 saker kvar att göra." in next_box
    assert f'href="#task-{mine.pk}">Ringa banken</a>' in next_box
    assert 'Fylla i ansökan</a> <span class="muted">· med Anna</span>' in next_box
    assert "Anna ringer FK" not in next_box
    # The ombud's page keeps the order by date.
    page = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert page.index(f'id="task-{annas.pk}"') < page.index(f'id="task-{mine.pk}"')
