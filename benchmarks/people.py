"""The people a realtime benchmark needs, made straight in the database with Django in the
benchmark's own process (the same database as the servers it measures): one ombud, many
clients each with a contact, and a signed-in session for each (no password hashing)."""

import os
import sys
import warnings
from dataclasses import dataclass

from servers import BASE_DIR


@dataclass
class Person:
    user_id: int
    contact_id: int
    session: str


def setup_django(env: dict) -> None:
    # Whitenoise's note that collectstatic has not run (DEBUG is off): not our concern.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def session_for(user) -> str:
    """A signed-in session for `user`, written straight into the session store (the second
    factor is asked at sign-in only, so a session made here is as a signed-in one)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def create_people(count: int, name: str = "bench-ombud") -> tuple[Person, list[Person]]:
    """One ombud (username `name`) and `count` clients, each client with a contact with
    that ombud."""
    from django.db import transaction

    from portal.models import Operation, Role, User
    from tests.helpers import new_client

    with transaction.atomic():
        operation = Operation.objects.create(name=f"Benchmark {name}", caseload_per_fte=count + 1)
        ombud = User(username=name, first_name="Ombud", role=Role.OMBUD)
        ombud.operation = operation
        ombud.set_unusable_password()
        ombud.save()
        contacts = [new_client(ombud, first_name=f"Klient{name}{i}") for i in range(count)]
        clients = [
            Person(contact.client_id, contact.pk, session_for(contact.client))
            for contact in contacts
        ]
        boss = Person(ombud.pk, 0, session_for(ombud))
    return boss, clients


def last_seqs(contact_ids: list[int]) -> dict[int, int]:
    from portal.models import Contact

    return dict(Contact.objects.filter(pk__in=contact_ids).values_list("pk", "last_seq"))
