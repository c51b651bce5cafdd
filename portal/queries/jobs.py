"""The job queue as monitoring sees it: how many jobs wait, how long the oldest has
waited, how many run (django-tasks' database backend; `manage.py job_queue`)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@dataclass(frozen=True)
class QueueState:
    waiting: int
    running: int
    oldest_wait: datetime.timedelta | None  # None: nothing waits


def queue_state() -> QueueState:
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueState(
        waiting=ready.count(),
        running=DBTaskResult.objects.running().count(),
        oldest_wait=timezone.now() - oldest if oldest else None,
    )
