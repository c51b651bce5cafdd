"""Erase contacts that ended more than COPY_WINDOW_DAYS ago (run daily from cron or a
systemd timer). Only the anonymous statistics records remain.

It also deletes for good the tasks removed more than a moment ago (portal.undo) that no
later removal has cleared away yet."""

from django.core.management.base import BaseCommand

from portal.actions.ending import erase_due
from portal.actions.plan import purge_removed_tasks


class Command(BaseCommand):
    help = "Erase ended contacts whose copy window has passed."

    def handle(self, *args, **options):
        count = erase_due()
        self.stdout.write(f"Erased {count} ended contact(s).")
        removed = purge_removed_tasks()
        self.stdout.write(f"Deleted {removed} removed task(s) for good.")
