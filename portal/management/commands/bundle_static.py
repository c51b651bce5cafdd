"""manage.py bundle_static: write the bundles of portal/bundles.py and say where.

Not a step anyone has to run: collectstatic and WhiteNoise write them whenever they look
for them (portal.bundles.BundleFinder). This is for looking at one."""

from typing import Any

from django.core.management.base import BaseCommand

from portal.bundles import BUNDLES, build


class Command(BaseCommand):
    help = "Write the static bundles (bundle/app.css, bundle/app.js, ...) from their sources."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, sources in BUNDLES.items():
            path = build(name)
            self.stdout.write(f"{name}: {len(sources)} files, {path.stat().st_size:,} B, {path}")
