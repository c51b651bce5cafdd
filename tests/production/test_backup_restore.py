"""A backup of the running production profile, brought back on an empty PostgreSQL
server and an empty media folder (scripts/backup.sh, scripts/restore.sh), and the data
checked: the counts, a known message, an attachment's bytes. Backups are kept 14 days,
never longer than the copy window (30): older ones are deleted by the next backup."""

import os
import subprocess
import time
import uuid

import psycopg
import pytest
from psycopg import sql

from tests.production.conftest import BASE_DIR, PYTHON, Profile
from tests.production.live_load import person
from tests.production.test_faults import attachment_of, photo, post_photo

COUNTS = {
    "contacts": "SELECT count(*) FROM portal_contact",
    "messages": "SELECT count(*) FROM portal_message",
    "attachments": "SELECT count(*) FROM portal_attachment",
    "events": "SELECT count(*) FROM portal_contactevent",
    "users": "SELECT count(*) FROM portal_user",
}
DAY = 24 * 3600


def counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        return {name: connection.execute(query).fetchone()[0] for name, query in COUNTS.items()}


def script(name: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", f"scripts/{name}", *args],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def empty_database(postgres_url) -> str:
    """A new, empty database on another PostgreSQL server (conftest's private one)."""
    name = f"restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def test_a_backup_of_the_running_profile_restores_on_an_empty_server(
    profile: Profile, empty_database, tmp_path
):
    maja = person(profile, "maja")
    text = f"Säkerhetskopia {uuid.uuid4().hex[:8]}"
    sent = post_photo(profile, maja, text, photo("navy"))
    assert sent.status == 302, sent.body[:300]
    attachment_id, name = attachment_of(profile, text)
    original = (profile.media / name).read_bytes()
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    # Two earlier backups: 15 days old (past the 14 days kept) and 13 days old.
    earlier = {"20000101T020000Z": 15, "20000103T020000Z": 13}
    for stamp, age in earlier.items():
        for old in (backups / f"db-{stamp}.dump", backups / f"media-{stamp}.tar.gz"):
            old.write_bytes(b"old")
            os.utime(old, (time.time() - age * DAY, time.time() - age * DAY))
    # Kerstin ended her contact and its copy window has passed; the nightly erasure has not
    # run yet when the backup is made. Erased after it, she comes back with a restore, and
    # restore.sh erases her again.
    profile.manage(
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from portal.actions.ending import end_contact; from portal.models import Contact; "
        "c = Contact.objects.get(client__username='demo-klient-6', status='active'); "
        "end_contact(c, c.client); "
        "Contact.objects.filter(pk=c.pk).update("
        "erase_after=timezone.now() - datetime.timedelta(days=1))",
    )
    before = counts(profile.database_url)

    made = script(
        "backup.sh",
        env={
            **os.environ,
            "ENV_FILE": str(profile.root / "env"),  # DATABASE_URL, PRIVATE_MEDIA_ROOT
            "BACKUP_DIR": str(backups),
        },
    )

    files = sorted(p.name for p in backups.iterdir() if not p.name.startswith("."))
    new = [f for f in files if not any(stamp in f for stamp in earlier)]
    assert [f.split("-")[0] for f in new] == ["db", "media"], files
    dump, archive = backups / new[0], backups / new[1]
    assert "db-20000101T020000Z.dump" not in files  # 15 days old: deleted
    assert "media-20000101T020000Z.tar.gz" not in files
    assert "db-20000103T020000Z.dump" in files  # 13 days old: kept
    assert dump.stat().st_mode & 0o777 == 0o600 and backups.stat().st_mode & 0o777 == 0o700

    media = tmp_path / "media-restored"
    script(
        "restore.sh",
        str(dump),
        str(archive),
        env={
            **os.environ,
            "DATABASE_URL": empty_database,
            "PRIVATE_MEDIA_ROOT": str(media),
            "SECRET_KEY_FILE": str(tmp_path / "secret-key"),
            "ALLOW_DEMO_ACCOUNTS": "true",  # the profile under test has the demo (DEMO=1)
            "PYTHON": PYTHON,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
    )

    after = counts(empty_database)
    print(f"\nbackup: {made.stdout.strip()}\nbefore {before}\nrestored {after}")
    # Everything, but Kerstin: her contact, her account and what hung off them.
    assert after["contacts"] == before["contacts"] - 1
    assert after["users"] == before["users"] - 1
    assert (after["messages"], after["attachments"]) == (before["messages"], before["attachments"])
    with psycopg.connect(empty_database) as connection:
        assert not connection.execute(
            "SELECT 1 FROM portal_user WHERE username = 'demo-klient-6'"
        ).fetchall()
    with psycopg.connect(empty_database) as connection:
        row = connection.execute(
            "SELECT a.file FROM portal_attachment a JOIN portal_message m "
            "ON m.id = a.message_id WHERE m.text = %s AND a.id = %s",
            [text, attachment_id],
        ).fetchone()
    assert row == (name,)
    assert (media / name).read_bytes() == original

    # Never over a database that has data in it.
    refused = subprocess.run(
        ["bash", "scripts/restore.sh", str(dump), str(archive)],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": empty_database, "PRIVATE_MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1 and "is not empty" in refused.stderr
