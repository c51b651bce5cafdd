"""The API on letters: the same doors, forms and actions as the pages; 404 outside the
contact, 403 for what a party may not do, 422 with the pages' Swedish errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import ContactEvent, Letter, Task
from tests.conftest import small_photo

JSON = "application/json"


@pytest.fixture
def letter(contact, client_user, letter_read) -> Letter:
    return letter_read(contact, client_user)


def test_the_letters_are_for_the_two_parties_only(person, browsers, contact, letter):
    response = browsers[person].get(f"/api/contacts/{contact.pk}/letters")
    assert response.status_code == (200 if person in ("ombud", "client") else 404)
    detail = browsers[person].get(f"/api/letters/{letter.pk}")
    assert detail.status_code == (200 if person in ("ombud", "client") else 404)


def test_a_letter_as_json_says_how_sure_each_value_is(browsers, letter):
    body = browsers["ombud"].get(f"/api/letters/{letter.pk}").json()
    assert body["sender"] == "Försäkringskassan" and body["kind"] == "decision"
    assert (body["letter_date"], body["deadline"]) == ("2026-11-03", "2026-11-24")
    assert body["deadline_rule"] == "tre veckor från 3 november"
    assert body["facts"]["deadline"] == {"certain": True, "line": 11, "corrected": False}
    assert body["pages"][0]["url"] == f"/brev/sida/{letter.pages.get().pk}/"
    assert [s["what"] for s in body["suggestions"]] == [
        "Läsa beslutet med Anna",
        "Överklaga beslutet, om du vill",
    ]
    assert body["consent_missing"] is True
    assert browsers["client"].get(f"/api/letters/{letter.pk}").json()["consent_missing"] is False


def test_uploading_a_letter_queues_its_reading(browsers, contact):
    photo = SimpleUploadedFile("brev.jpg", small_photo(), content_type="image/jpeg")
    response = browsers["client"].post(f"/api/contacts/{contact.pk}/letters", {"pages": [photo]})
    assert response.status_code == 201
    assert response.json()["status"] == "reading"
    assert Letter.objects.get().pages.count() == 1


def test_an_upload_that_is_not_a_photo_is_422_in_swedish(browsers, contact):
    text = SimpleUploadedFile("brev.jpg", b"hello", content_type="image/jpeg")
    response = browsers["ombud"].post(f"/api/contacts/{contact.pk}/letters", {"pages": [text]})
    assert response.status_code == 422
    assert "PDF-filer" in response.json()["errors"]["pages"][0]


def test_an_outsider_cannot_upload(browsers, contact):
    photo = SimpleUploadedFile("brev.jpg", small_photo(), content_type="image/jpeg")
    response = browsers["other_ombud"].post(
        f"/api/contacts/{contact.pk}/letters", {"pages": [photo]}
    )
    assert response.status_code == 404


def test_the_client_confirms_suggested_tasks_then_409(browsers, letter):
    url = f"/api/letters/{letter.pk}/tasks"
    body = {"tasks": [{"suggestion": 1, "what": "Överklaga senast 24 nov", "due": "2026-11-24"}]}
    response = browsers["client"].post(url, body, content_type=JSON)
    assert response.status_code == 201
    [task] = response.json()
    assert (task["what"], task["due"], task["who"]) == (
        "Överklaga senast 24 nov",
        "2026-11-24",
        "client",
    )
    assert Task.objects.get().letter == letter
    again = browsers["client"].post(url, body, content_type=JSON)
    assert again.status_code == 409
    assert again.json()["detail"] == "Uppgifterna finns redan i planen."


def test_an_empty_task_is_422(browsers, letter):
    body = {"tasks": [{"suggestion": 0, "what": ""}]}
    response = browsers["client"].post(f"/api/letters/{letter.pk}/tasks", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]["s0-what"] == ["Fyll i det här fältet."]


def test_the_ombud_corrects_and_the_client_may_not(browsers, letter):
    url = f"/api/letters/{letter.pk}"
    response = browsers["ombud"].patch(url, {"deadline": "2026-11-30"}, content_type=JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["deadline"] == "2026-11-30" and body["facts"]["deadline"]["corrected"] is True
    assert body["sender"] == "Försäkringskassan"  # what was not sent stays
    assert (
        browsers["client"].patch(url, {"deadline": "2026-12-01"}, content_type=JSON).status_code
        == 403
    )
    bad = browsers["ombud"].patch(url, {"deadline": "2026-10-01"}, content_type=JSON)
    assert bad.status_code == 422


def test_removing_through_the_api(browsers, letter, contact):
    assert browsers["other_client"].delete(f"/api/letters/{letter.pk}").status_code == 404
    assert browsers["ombud"].delete(f"/api/letters/{letter.pk}").status_code == 204
    assert not Letter.objects.exists()
    assert contact.events.first().verb == ContactEvent.Verb.REMOVED_LETTER
