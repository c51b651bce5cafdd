"""GET /healthz reports the database and the channel layer."""

from unittest import mock


def test_healthz_reports_database_and_channel_layer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


def test_healthz_fails_when_the_channel_layer_is_down(client, db):
    with mock.patch("portal.views.get_channel_layer", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "fail"
