"""How the job queue stands, for monitoring: `manage.py job_queue --max-wait-minutes 10`
prints the figures and exits 1 when the oldest waiting job has waited longer (no worker
running, or too few)."""

from django.core.management.base import BaseCommand

from portal.queries.jobs import queue_state


class Command(BaseCommand):
    help = "The job queue: waiting, running, the oldest wait; exit 1 past --max-wait-minutes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--max-wait-minutes", type=float, default=None)

    def handle(self, *args, **options) -> None:
        state = queue_state()
        oldest = int(state.oldest_wait.total_seconds()) if state.oldest_wait else 0
        self.stdout.write(
            f"waiting {state.waiting} running {state.running} oldest_wait_seconds {oldest}"
        )
        limit = options["max_wait_minutes"]
        if limit is not None and oldest > limit * 60:
            raise SystemExit(1)
