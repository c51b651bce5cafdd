"""The security log: what happened at the doors, one line of JSON per event on the logger
`brobyggare.security` (INFO; the root handler writes it wherever the deployment collects
standard error).

A line holds the event's name, the account's id (never a username or a name), the page it
happened on (`step`), what else the event says (a method, a reason, a count) and
`source`: a keyed hash of the sender's address, 8 hex characters, that changes every day.
Tries from one address can be told apart within a day; the address itself is not in the
log, and without the secret key the hash cannot be turned back into it.

Never in a line: a password, a code, a token, a session key, a username, a name, a
passkey's name, or anything else a person typed. `event()` takes only whole numbers,
True/False and the fixed words its callers pass (tests/portal/test_security_log.py).
"""

import json
import logging

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.client_ip import client_ip

logger = logging.getLogger("brobyggare.security")

Field = str | int | bool | None


def source(request: HttpRequest) -> str:
    """The sender's address as a keyed hash of the day and the address, cut to 8 hex."""
    address = client_ip(request)
    if not address:
        return ""
    day = timezone.localdate().isoformat()
    return salted_hmac("brobyggare.security.source", f"{day}|{address}").hexdigest()[:8]


def event(
    name: str,
    *,
    request: HttpRequest | None = None,
    user_id: int | None = None,
    **fields: Field,
) -> None:
    """Write one line. `fields` are fixed words and numbers chosen by the caller."""
    line: dict[str, Field] = {"event": name}
    if user_id is not None:
        line["user"] = user_id
    if request is not None:
        line["source"] = source(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name:
            line["step"] = match.url_name
    line.update({key: value for key, value in fields.items() if value is not None})
    logger.info(json.dumps(line, sort_keys=True))
