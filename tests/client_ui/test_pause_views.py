""" "Jag orkar inte just nu" (issue 12, part 9): the client pauses notifications from a
quick link on Min plan or from Mer, the app says calmly until when with "Slå på notiserna igen",
and the ombud sees a calm marker on the caseload and the plan, never a reason."""

import re

from django.urls import reverse

from portal.templatetags.plain import plain_date, plain_datetime


def test_the_client_pauses_from_min_plan_and_turns_them_on_again(
    client_client, client_user, ombud_client, contact
):
    plan = client_client.get(reverse("client_plan")).content.decode()
    assert f'href="{reverse("client_pause")}"' in plan and "Jag orkar inte just nu" in plan
    page = client_client.get(reverse("client_pause")).content.decode()
    for label in ("1 dag", "3 dagar", "1 vecka", "Tills jag slår på dem igen"):
        assert label in page
    assert "Anna ser att du har pausat notiserna, och till när. Anna ser inte varför." in page
    form = page.split('<form method="post" class="card form"')[1].split("</form>")[0]
    assert not re.search(r'<textarea|type="text"', form)  # no reason is ever asked

    response = client_client.post(reverse("client_pause"), {"length": "3d"})
    assert response.status_code == 302 and response.url == reverse("client_plan")
    client_user.refresh_from_db()
    when = plain_datetime(client_user.notifications_paused_until)
    plan = client_client.get(response.url).content.decode()
    assert f"Notiserna är pausade till {when}." in plan
    assert "Slå på notiserna igen" in plan and "Ta hand om dig." in plan

    day = plain_date(client_user.notifications_paused_until)
    marker = f"Maja har pausat notiser till {day}."
    assert marker in ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert marker in ombud_client.get(reverse("ombud_caseload")).content.decode()

    response = client_client.post(reverse("client_resume"), {"next": reverse("client_plan")})
    assert response.url == reverse("client_plan")
    plan = client_client.get(response.url).content.decode()
    assert "Notiserna är på igen." in plan and "pausade" not in plan
    assert "pausat" not in ombud_client.get(reverse("ombud_caseload")).content.decode()
    client_user.refresh_from_db()
    assert not client_user.notifications_paused()


def test_until_turned_on_again_reads_as_such_on_both_sides(
    client_client, client_user, ombud_client, contact
):
    client_client.post(reverse("client_pause"), {"length": "open"})
    more = client_client.get(reverse("client_more")).content.decode()
    assert "Notiserna är pausade tills du slår på dem igen." in more
    ombud_page = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Maja har pausat notiser tills vidare." in ombud_page


def test_a_wrong_choice_is_said_plainly_and_nothing_changes(client_client, client_user):
    response = client_client.post(reverse("client_pause"), {"length": "forever"})
    assert response.status_code == 422
    assert "Välj hur länge notiserna ska vara pausade." in response.content.decode()
    client_user.refresh_from_db()
    assert not client_user.notifications_paused()


def test_only_the_client_pauses_their_own(ombud_client, client, client_user):
    assert ombud_client.get(reverse("client_pause")).status_code == 404
    assert ombud_client.post(reverse("client_pause"), {"length": "1d"}).status_code == 404
    assert client.post(reverse("client_pause"), {"length": "1d"}).status_code == 302  # sign in
    client_user.refresh_from_db()
    assert not client_user.notifications_paused()


def test_resume_goes_back_only_to_our_own_pages(client_client, client_user):
    client_client.post(reverse("client_pause"), {"length": "1w"})
    response = client_client.post(reverse("client_resume"), {"next": "https://evil.example/"})
    assert response.url == reverse("client_pause")
