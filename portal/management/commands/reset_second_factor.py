"""`python manage.py reset_second_factor USERNAME`: a staff member lost their phone and
their recovery codes. Removes their TOTP app, passkeys and recovery codes and ends their
sessions; at the next sign-in (password first) they set up a new second factor.

Check who is asking before you run it: until they have set up a new one, the password
alone leads to setting up a second factor."""

from django.core.management.base import BaseCommand, CommandError

from portal.actions.sessions import end_all_sessions
from portal.actions.two_factor import remove_second_factors
from portal.models import User


class Command(BaseCommand):
    help = "Tar bort en persons andra steg (app, nycklar, reservkoder) och loggar ut personen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare {options['username']!r}.")
        remove_second_factors(user)
        ended = end_all_sessions(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.username}: andra steget borttaget, {ended} inloggningar avslutade. "
                "Vid nästa inloggning lägger personen till ett nytt."
            )
        )
