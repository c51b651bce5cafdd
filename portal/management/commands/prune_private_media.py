"""Delete files in PRIVATE_MEDIA_ROOT that no attachment or letter page refers to
(scripts/restore.sh runs it; portal/actions/media.py says why)."""

import datetime

from django.core.management.base import BaseCommand

from portal.actions.media import prune_unreferenced


class Command(BaseCommand):
    help = "Delete private media files that no row refers to (after a restore)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="only files older than this (an upload in progress has no row yet)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only list them")

    def handle(self, *args, **options) -> None:
        orphans = prune_unreferenced(
            min_age=datetime.timedelta(minutes=options["min_age_minutes"]),
            dry_run=options["dry_run"],
        )
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(f"{verb} {len(orphans)} file(s) without a row.")
        for name in orphans:
            self.stdout.write(f"  {name}")
