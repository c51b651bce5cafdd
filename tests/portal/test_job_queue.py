"""manage.py job_queue: what monitoring reads about the letter-reading queue."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.tasks import read_letter


def test_an_empty_queue(db):
    out = io.StringIO()
    call_command("job_queue", "--max-wait-minutes", "10", stdout=out)
    assert out.getvalue().split() == ["waiting", "0", "running", "0", "oldest_wait_seconds", "0"]


def test_a_job_waiting_too_long_fails_the_check(db):
    read_letter.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("job_queue", "--max-wait-minutes", "10", stdout=out)
    assert exited.value.code == 1
    words = out.getvalue().split()
    assert words[:4] == ["waiting", "1", "running", "0"] and int(words[5]) >= 660
