"""Send "Du har en träff i morgon" to clients with a meeting tomorrow.

Run it regularly, e.g. hourly from cron or a systemd timer::

    # /etc/cron.d/brobyggare
    5 * * * *  brobyggare  cd /srv/brobyggare && .venv/bin/python manage.py send_meeting_reminders

    # or a systemd timer: OnCalendar=hourly, running the same command

"Tomorrow" is the local date (Europe/Stockholm). Each meeting is reminded once: its
`reminder_sent_at` is set in the same transaction that registers the push, under a row
lock, so two runs at once never send twice. Outside the daytime window (09–21 by
default) the command does nothing, so nobody is woken by a notice; the first run after
09:00 sends the day's reminders. A client with two meetings tomorrow gets one notice. A
client who has paused notifications gets none, and their meetings stay unreminded until
the pause is over.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.models import Contact, Meeting
from portal.push import notify
from portal.queries.pause import not_paused


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind every client with an unreminded meeting tomorrow. Returns how many clients."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(tomorrow + datetime.timedelta(days=1), datetime.time.min)
    )
    with transaction.atomic():
        due = list(
            Meeting.objects.select_for_update(of=("self",))
            .filter(
                starts_at__gte=start,
                starts_at__lt=end,
                reminder_sent_at__isnull=True,
                contact__status=Contact.Status.ACTIVE,
            )
            # Paused: not marked either, so the first run after the pause reminds.
            .filter(not_paused("contact__client__", now))
            .select_related("contact__client")
            .order_by("pk")
        )
        clients = {}
        for meeting in due:
            # The conditional update is the guard on databases without row locks too.
            if Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                clients[meeting.contact.client_id] = meeting.contact.client
        for client in clients.values():
            notify(client, "meeting_tomorrow")  # sent after commit
    return len(clients)


class Command(BaseCommand):
    help = "Skicka påminnelser om morgondagens träffar (kör t.ex. varje timme)."

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
        if not from_hour <= timezone.localtime(now).hour < until_hour:
            self.stdout.write("Utanför tiden för påminnelser; inget skickat.")
            return
        count = send_reminders(now)
        self.stdout.write(f"Påminnelser skickade till {count} klienter.")
