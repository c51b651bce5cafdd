"""Erase contacts that ended more than COPY_WINDOW_DAYS ago (run daily from cron or a
systemd timer). Only the anonymous statistics records remain."""

from django.core.management.base import BaseCommand

from portal.actions.ending import erase_due


class Command(BaseCommand):
    help = "Erase ended contacts whose copy window has passed."

    def handle(self, *args, **options):
        count = erase_due()
        self.stdout.write(f"Erased {count} ended contact(s).")
