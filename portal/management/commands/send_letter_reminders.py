"""Send "Du har ett brev att svara på snart" before a letter's deadline: a week before,
and again two days before, each once.

Run it regularly, e.g. hourly from cron or a systemd timer, like the meeting reminders::

    # /etc/cron.d/brobyggare
    10 * * * *  brobyggare  cd /srv/brobyggare && .venv/bin/python manage.py send_letter_reminders

The push says nothing about the letter (portal/push.py). A letter whose tasks from it are
all done is not reminded of. Days are local dates (Europe/Stockholm): the week reminder
goes from seven days before the deadline, the two-day one from two days before; a letter
added late gets only the reminder that fits, and one client with several letters gets
one notice. Outside the daytime window (09–21 by default) nothing is sent. Each reminder
is marked under a row lock with a conditional update, so two runs never send twice.

The same run also queues the reading again for a letter whose job was lost (a worker
killed in the middle of it): `read_letter` only touches a letter still being read.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.models import Letter, TaskStatus
from portal.push import notify
from portal.queries.letters import letters_to_remind
from portal.queries.pause import not_paused

WEEK = datetime.timedelta(days=7)
TWO_DAYS = datetime.timedelta(days=2)
# A letter still "being read" after this long has lost its job.
STUCK_AFTER = datetime.timedelta(minutes=30)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind every client with a letter to answer soon. Returns how many clients."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    clients = {}
    with transaction.atomic():
        # Paused clients: not marked either, so the first run after the pause reminds.
        due = letters_to_remind(today).filter(not_paused("contact__client__", now))
        letters = list(due.select_for_update(of=("self",)).order_by("pk"))
        for letter in letters:
            tasks = list(letter.tasks.all())
            if tasks and all(task.status == TaskStatus.DONE for task in tasks):
                continue  # done: nothing to be reminded of
            deadline = letter.deadline
            assert deadline is not None
            if today >= deadline - TWO_DAYS:
                # The last one; a letter that never had the week's reminder needs only this.
                sent = Letter.objects.filter(
                    pk=letter.pk, reminded_two_days_at__isnull=True
                ).update(
                    reminded_two_days_at=now,
                    reminded_week_at=letter.reminded_week_at or now,
                )
            elif today >= deadline - WEEK:
                sent = Letter.objects.filter(pk=letter.pk, reminded_week_at__isnull=True).update(
                    reminded_week_at=now
                )
            else:
                sent = 0
            if sent:
                clients[letter.contact.client_id] = letter.contact.client
        for client in clients.values():
            notify(client, "letter_deadline")  # sent after commit
    return len(clients)


def requeue_stuck(now: datetime.datetime | None = None) -> int:
    """Queue the reading again for letters whose job must have been lost."""
    from portal.tasks import read_letter

    now = now or timezone.now()
    stuck = list(
        Letter.objects.filter(
            status=Letter.Status.READING, created_at__lt=now - STUCK_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        read_letter.enqueue(pk)
    return len(stuck)


class Command(BaseCommand):
    help = "Påminn om brev med sista dag om en vecka eller två dagar (kör t.ex. varje timme)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-hour", type=int, default=9, help="Skicka inte före denna timme (0–23)."
        )
        parser.add_argument(
            "--until-hour", type=int, default=21, help="Skicka inte från denna timme (1–24)."
        )

    def handle(self, *args, from_hour: int, until_hour: int, **options):
        if not 0 <= from_hour < until_hour <= 24:
            raise CommandError("--from-hour must be smaller than --until-hour, within 0–24.")
        now = timezone.now()
        requeued = requeue_stuck(now)
        if requeued:
            self.stdout.write(f"{requeued} brev köades för läsning igen.")
        if not from_hour <= timezone.localtime(now).hour < until_hour:
            self.stdout.write("Utanför tiden för påminnelser; inget skickat.")
            return
        count = send_reminders(now)
        self.stdout.write(f"Påminnelser om brev skickade till {count} klienter.")
