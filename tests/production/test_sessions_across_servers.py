"""Ending a session through one daphne closes its live socket on the other: the event
goes through Redis, and the socket's check reads PostgreSQL."""

import json
import re
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.production.test_production_profile import DEMO_PASSWORD, Visitor


@pytest.fixture
def demo_data(manage):
    manage("demo")


def test_logging_out_all_others_on_one_daphne_closes_the_socket_on_the_other(daphnes, demo_data):
    first, second = daphnes
    phone, tablet = Visitor(), Visitor()
    phone.log_in(second, "maja", DEMO_PASSWORD)
    tablet.log_in(first, "maja", DEMO_PASSWORD)
    plan = phone.request(second, "GET", "/min-plan/")
    contact_id, seq = re.search(r'data-contact="(\d+)" data-seq="(\d+)"', plan.body).groups()

    host = urlsplit(second)
    cookie = "; ".join(f"{k}={v}" for k, v in phone.cookies.items())
    with connect(
        f"ws://{host.hostname}:{host.port}/ws/",
        origin=second,
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    ) as socket:
        socket.send(json.dumps({"type": "hello", "since": {contact_id: int(seq)}}))
        tablet.request(first, "GET", "/mer/enheter/")
        ended = tablet.post(first, "/mer/enheter/logga-ut-andra/", {})
        assert ended.status == 302, ended.body[:500]
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                socket.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401

    after = phone.request(second, "GET", "/min-plan/")
    assert after.status == 302 and "/logga-in/" in after.headers["Location"]
    assert tablet.request(second, "GET", "/min-plan/").status == 200
