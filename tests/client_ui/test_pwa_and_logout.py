"""The installable app's server side: the service worker, the offline page, compressed
pages, and a sign-out that leaves nothing behind on the phone."""

from django.urls import reverse


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/serviceworker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert '"/min-plan/", "/traffar/", "/meddelanden/"' in body
    assert 'addEventListener("push"' in body and 'addEventListener("sync"' in body


def test_the_offline_page_is_swedish_and_needs_no_login(client, db):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "Du har inget nät just nu" in response.content.decode()


def test_signing_out_clears_what_the_browser_kept(client_client):
    response = client_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_pages_are_compressed_for_phones_that_accept_it(client_client, task):
    response = client_client.get(reverse("client_plan"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 8_000
