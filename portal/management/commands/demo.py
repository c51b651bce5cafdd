"""`python manage.py demo`: a small, realistic demo operation to click around in.

Idempotent: every person is looked up by username first, and a client who already
exists keeps the plan they have, so running the command twice changes nothing.
Plans are written only through the actions in portal.actions, exactly as the app
itself writes them, so the change history the client sees is real too.

Every demo account is marked (`User.is_demo`), and the demo staff get a TOTP device
with the published secret DEMO_TOTP_SECRET (README), so a newcomer signs in with any
authenticator app. The production profile refuses demo accounts (portal/checks.py):
this command will not make them there, and `--remove` takes them away.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from portal.actions.contacts import change_phase
from portal.actions.intake import take_on
from portal.actions.network import add_person
from portal.actions.plan import (
    add_assignment,
    add_comment,
    add_meeting,
    add_task,
    edit_task,
    set_task_done,
)
from portal.actions.two_factor import set_totp_secret
from portal.models import (
    Assignment,
    Contact,
    LifeArea,
    NetworkPerson,
    NetworkRole,
    Operation,
    Organisation,
    Phase,
    Role,
    Task,
    User,
    Who,
)
from portal.queries.demo import DEMO_TOTP_SECRET, demo_usernames

OPERATION_NAME = "Personligt ombud Norrköping (demo)"
PASSWORD = "demo-losenord-1"


@dataclass(frozen=True)
class Staff:
    username: str
    first_name: str
    role: str
    fte: Decimal = Decimal("1.00")


STAFF = [
    Staff("anna", "Anna", Role.OMBUD, Decimal("1.00")),
    Staff("johan", "Johan", Role.OMBUD, Decimal("0.75")),
    Staff("samordnare", "Sara", Role.COORDINATOR),
]


class Plan:
    """What a plan-writing function gets: the contact, both parties and some dates."""

    def __init__(self, contact: Contact) -> None:
        self.contact = contact
        self.ombud = contact.ombud
        self.client = contact.client
        self.today = timezone.localdate()

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def at(self, offset: int, hour: int, minute: int = 0) -> datetime.datetime:
        """A time in the operation's own time zone, `offset` days from today."""
        naive = datetime.datetime.combine(self.day(offset), datetime.time(hour, minute))
        return timezone.make_aware(naive)

    def assignment(self, title: str, life_area: str) -> Assignment:
        return add_assignment(self.contact, self.ombud, title=title, life_area=life_area)

    def task(
        self,
        assignment: Assignment,
        what: str,
        who: str,
        *,
        other: str = "",
        due: int | None = None,
    ) -> Task:
        return add_task(
            assignment,
            self.ombud,
            what=what,
            who=who,
            who_other=other,
            due=None if due is None else self.day(due),
        )

    def client_task(self, assignment: Assignment, what: str, who: str, *, due: int) -> Task:
        """A task the client wrote themselves, in the app."""
        return add_task(assignment, self.client, what=what, who=who, due=self.day(due))

    def person(self, *, by_client: bool = False, **fields) -> NetworkPerson:
        """Someone in the client's network, written by the client or the ombud."""
        return add_person(self.contact, self.client if by_client else self.ombud, **fields)

    def done(self, task: Task, *, by_client: bool = False) -> None:
        set_task_done(task, self.client if by_client else self.ombud, done=True)

    def meeting(self, offset: int, hour: int, minute: int = 0, *, place: str, **kw) -> None:
        add_meeting(
            self.contact, self.ombud, starts_at=self.at(offset, hour, minute), place=place, **kw
        )

    def client_says(self, text: str) -> None:
        add_comment(self.contact, self.client, text=text)

    def ombud_says(self, text: str) -> None:
        add_comment(self.contact, self.ombud, text=text)


# --- The plans. Written the way a client and an ombud would write them together. -------


def plan_maja(p: Plan) -> None:
    p.meeting(
        -14, 10, place="Hemma hos Maja", with_whom="Anna", about="Vi skrev planen tillsammans"
    )

    money = p.assignment("Få ordning på ekonomin", LifeArea.ECONOMY)
    p.done(p.task(money, "Öppna och sortera posten tillsammans", Who.OMBUD, due=-10))
    p.done(
        p.task(money, "Ringa Kronofogden och fråga om en avbetalningsplan", Who.CLIENT, due=-6),
        by_client=True,
    )
    p.task(money, "Skicka ett förslag på avbetalningsplan", Who.OTHER, other="Kronofogden", due=12)
    p.task(money, "Gå igenom räkningarna för nästa månad", Who.CLIENT, due=3)
    p.task(money, "Följa med till socialtjänsten och fråga om hjälp med hyran", Who.OMBUD, due=-2)

    # Maja's network, written together: who is there besides Anna.
    lena = p.person(
        by_client=True,
        role=NetworkRole.CASE_OFFICER,
        name="Lena Berg",
        organisation=Organisation.FORSAKRINGSKASSAN,
        phone="010-000 00 10",
        reach="Via växeln, fråga efter Lena. Bäst på förmiddagen.",
    )
    p.person(
        role=NetworkRole.BOENDESTOD,
        name="Karim",
        organisation=Organisation.SOCIALTJANSTEN,
        phone="010-000 00 20",
        reach="Kommer tisdagar och torsdagar.",
    )
    p.person(by_client=True, role=NetworkRole.RELATIVE, name="Ella (min syster)")

    fk = p.assignment("Söka aktivitetsersättning från Försäkringskassan", LifeArea.AUTHORITIES)
    p.done(
        p.task(fk, "Säga ja till att Anna får prata med Försäkringskassan", Who.CLIENT, due=-8),
        by_client=True,
    )
    p.task(fk, "Be läkaren om ett läkarutlåtande", Who.CLIENT, due=7)
    p.task(fk, "Fylla i ansökan tillsammans", Who.TOGETHER, due=10)
    decision = p.task(
        fk, "Läsa ansökan och skicka ett beslut", Who.OTHER, other="Försäkringskassan"
    )
    edit_task(decision, p.ombud, network_person_id=lena.pk, decision_expected_on=p.day(40))
    p.client_task(fk, "Fråga Lena hur lång tid beslutet brukar ta", Who.TOGETHER, due=12)

    health = p.assignment("Sova bättre och må bättre", LifeArea.HEALTH)
    p.done(p.task(health, "Boka tid på vårdcentralen", Who.CLIENT, due=-5), by_client=True)
    p.task(health, "Hämta ut medicinen på apoteket", Who.CLIENT, due=-1)
    p.task(health, "Skriva ner frågor till läkaren", Who.CLIENT, due=6)

    work = p.assignment("Hitta en sysselsättning", LifeArea.WORK)
    p.task(work, "Ta reda på vilka dagliga verksamheter som finns i Norrköping", Who.OMBUD, due=5)
    p.task(work, "Besöka en daglig verksamhet och se hur det är där", Who.CLIENT, due=21)
    p.task(work, "Ringa och fråga om ett första möte", Who.OTHER, other="Arbetsförmedlingen")

    p.meeting(
        1, 10, place="Hemma hos Maja", with_whom="Anna", about="Gå igenom posten och räkningarna"
    )
    p.meeting(
        7,
        9,
        30,
        place="Vårdcentralen",
        with_whom="Läkaren och Anna",
        about="Sömnen och läkarutlåtandet till Försäkringskassan",
    )
    p.meeting(
        21,
        10,
        place="Daglig verksamhet Verkstaden",
        with_whom="Anna och en handledare",
        about="Titta på den dagliga verksamheten",
    )
    p.client_says("Jag vill helst ha träffar på förmiddagen.")
    p.ombud_says("Jag skickar ett sms dagen innan vi ses, så du inte behöver komma ihåg det själv.")


def plan_first_meeting(p: Plan) -> None:
    # Phase 1: no plan yet. Trust comes first; a walk and a coffee, where the client likes.
    p.meeting(2, 13, place="Kaféet på biblioteket", with_whom="Anna", about="Lära känna varandra")


def plan_housing(p: Plan) -> None:
    home = p.assignment("Få en egen lägenhet", LifeArea.HOUSING)
    p.done(p.task(home, "Ställa sig i bostadskön", Who.CLIENT, due=-30), by_client=True)
    p.task(home, "Svara på brevet från hyresvärden", Who.CLIENT, due=-3)
    p.task(home, "Fråga socialtjänsten om en träningslägenhet", Who.OMBUD, due=4)
    p.task(home, "Ge besked om träningslägenhet", Who.OTHER, other="Socialtjänsten")
    p.meeting(
        3,
        14,
        place="Socialkontoret",
        with_whom="Handläggaren och Anna",
        about="Boende och träningslägenhet",
    )


def plan_family(p: Plan) -> None:
    kids = p.assignment("Få träffa barnen oftare", LifeArea.RELATIONS)
    p.done(p.task(kids, "Boka ett möte med familjerätten", Who.OMBUD, due=-7))
    p.task(kids, "Skriva ner vad jag vill säga på mötet", Who.CLIENT, due=6)
    p.task(kids, "Ha ett möte om umgänget", Who.OTHER, other="Familjerätten", due=9)

    support = p.assignment("Få en kontaktperson", LifeArea.AUTHORITIES)
    p.task(support, "Skriva ansökan om kontaktperson tillsammans", Who.OMBUD, due=11)
    p.meeting(9, 10, place="Familjerätten", with_whom="Anna", about="Umgänget med barnen")


def plan_ending_god_man(p: Plan) -> None:
    money = p.assignment("Få hjälp med räkningarna av en god man", LifeArea.ECONOMY)
    p.done(p.task(money, "Skriva ansökan om god man tillsammans", Who.OMBUD, due=-150))
    p.done(p.task(money, "Besluta om god man", Who.OTHER, other="Överförmyndaren", due=-90))
    p.done(
        p.task(money, "Träffa den gode mannen första gången", Who.CLIENT, due=-60), by_client=True
    )

    ending = p.assignment("Avsluta kontakten med ombudet", LifeArea.OTHER)
    p.task(
        ending,
        "Bestämma om jag vill ha Annas anteckningar eller om de ska förstöras",
        Who.CLIENT,
        due=10,
    )
    p.meeting(
        10,
        11,
        place="Hemma hos Kerstin",
        with_whom="Anna",
        about="Sista träffen: vi går igenom planen tillsammans",
    )


def plan_ending_work(p: Plan) -> None:
    work = p.assignment("Behålla praktikplatsen", LifeArea.WORK)
    p.done(
        p.task(work, "Skriva in sig hos Arbetsförmedlingen", Who.CLIENT, due=-120), by_client=True
    )
    p.done(p.task(work, "Hitta en praktikplats", Who.OTHER, other="Arbetsförmedlingen", due=-60))
    p.task(work, "Träffa handledaren på Arbetsförmedlingen själv, utan Anna", Who.CLIENT, due=5)


def plan_dentist(p: Plan) -> None:
    teeth = p.assignment("Laga tänderna", LifeArea.HEALTH)
    p.task(teeth, "Boka tid hos tandläkaren", Who.CLIENT, due=2)
    p.task(teeth, "Ta reda på om det finns bidrag till tandvården", Who.OMBUD, due=8)
    p.meeting(5, 9, place="Folktandvården", with_whom="Johan", about="Undersökning av tänderna")


@dataclass(frozen=True)
class DemoClient:
    username: str
    first_name: str
    ombud: str
    phase: int
    started_days_ago: int
    plan: Callable[[Plan], None] | None = None
    # The facts of the request, as the ombud registered it (the one door in).
    gender: str = "woman"
    birth_year: int | None = None
    referrer: str = "self"


CLIENTS = [
    DemoClient("maja", "Maja", "anna", Phase.ACTIVE, 60, plan_maja, "woman", 1989, "psychiatry"),
    DemoClient("demo-klient-2", "Elin", "anna", Phase.TRUST, 10, plan_first_meeting, "woman", 2001),
    DemoClient("demo-klient-3", "Ali", "anna", Phase.TRUST, 3, None, "man", 1996, "relative"),
    DemoClient(
        "demo-klient-4", "Mikael", "anna", Phase.ACTIVE, 90, plan_housing, "man", 1978, "fk"
    ),
    DemoClient("demo-klient-5", "Fatima", "anna", Phase.ACTIVE, 45, plan_family, "declined", None),
    DemoClient(
        "demo-klient-6",
        "Kerstin",
        "anna",
        Phase.ENDING,
        400,
        plan_ending_god_man,
        "woman",
        1961,
        "social_services",
    ),
    DemoClient(
        "demo-klient-7", "Per", "anna", Phase.ENDING, 300, plan_ending_work, "man", 1984, "af"
    ),
    DemoClient(
        "demo-klient-8", "Jonas", "johan", Phase.ACTIVE, 30, plan_dentist, "man", 1999, "self"
    ),
    DemoClient(
        "demo-klient-9", "Linnea", "johan", Phase.TRUST, 7, None, "unknown", None, "health_centre"
    ),
]


class Command(BaseCommand):
    help = "Skapar en demoverksamhet med ombud, samordnare, klienter och planer (idempotent)."
    # The system checks refuse demo accounts in the production profile; `--remove` must
    # run there all the same, and making them is refused below.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Tar bort demokontona och demoverksamheten (före en riktig start).",
        )

    def handle(self, *args, **options) -> None:
        if options["remove"]:
            self._remove()
            return
        if settings.PRODUCTION_PROFILE and not settings.ALLOW_DEMO_ACCOUNTS:
            raise CommandError(
                "Demodata hör inte hemma i produktionsprofilen (DATABASE_URL satt eller "
                "DEBUG av): lösenordet och TOTP-hemligheten står i README."
            )
        with transaction.atomic():
            operation, _ = Operation.objects.get_or_create(
                name=OPERATION_NAME, defaults={"caseload_per_fte": 15}
            )
            staff = {s.username: self._staff(operation, s) for s in STAFF}
            created = [c for c in CLIENTS if self._client(operation, staff[c.ombud], c)]
            if created:
                self._lifecycle(operation, staff)

        if created:
            self.stdout.write(self.style.SUCCESS(f"Demodata skapad: {operation.name}"))
        else:
            self.stdout.write(f"Demodata finns redan: {operation.name}. Inget ändrades.")
        self._summary(operation)

    def _staff(self, operation: Operation, spec: Staff) -> User:
        user = User.objects.filter(username=spec.username).first()
        if user is not None:
            if user.operation_id != operation.pk or user.role != spec.role:
                raise CommandError(
                    f"Användaren {spec.username!r} finns redan utanför demoverksamheten."
                )
            return user
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            role=spec.role,
            operation=operation,
            fte=spec.fte,
            is_demo=True,
        )
        user.set_password(PASSWORD)
        user.save()
        if user.is_ombud:  # worked here for two years (the annual report counts årsarbetare)
            user.staff_periods.update(
                started_on=timezone.localdate() - datetime.timedelta(days=730)
            )
        # The second factor, with the secret printed in the README.
        set_totp_secret(user, DEMO_TOTP_SECRET)
        return user

    def _client(self, operation: Operation, ombud: User, spec: DemoClient) -> bool:
        """Create one demo client with their contact and plan; False if they already exist."""
        existing = User.objects.filter(username=spec.username).first()
        if existing is not None:
            if existing.operation_id != operation.pk or existing.role != Role.CLIENT:
                raise CommandError(
                    f"Användaren {spec.username!r} finns redan utanför demoverksamheten."
                )
            return False

        started_on = timezone.localdate() - datetime.timedelta(days=spec.started_days_ago)
        contact = take_on(
            ombud,
            channel="phone",
            referrer=spec.referrer,
            name=f"{spec.first_name} Demo",
            phone="070-000 00 00",
            gender=spec.gender,
            birth_year=spec.birth_year,
            requested_on=started_on - datetime.timedelta(days=21),
        )
        # Demo only: a real client chooses their password through an invite.
        client = contact.client
        client.username = spec.username
        client.is_demo = True
        client.set_password(PASSWORD)
        client.save(update_fields=["username", "password", "is_demo"])
        contact.started_on = started_on
        contact.save(update_fields=["started_on"])
        contact.ombud_periods.update(started_on=started_on)

        if spec.phase >= Phase.ACTIVE:
            change_phase(contact, ombud, phase=Phase.ACTIVE)
        if spec.plan is not None:
            spec.plan(Plan(contact))
        if spec.phase == Phase.ENDING:
            change_phase(contact, ombud, phase=Phase.ENDING)
        return True

    def _lifecycle(self, operation: Operation, staff: dict[str, User]) -> None:
        """Consents and notes for Maja, a queue, and system failures: every part of the
        app has something to show. All through the actions, as the app does it."""
        from portal.actions import consent, failures, intake, notes

        anna, sara = staff["anna"], staff["samordnare"]
        maja = Contact.objects.get(client__username="maja", status=Contact.Status.ACTIVE)
        consent.give_consent(
            maja,
            maja.client,
            organisation="forsakringskassan",
            covers="Ansökan om aktivitetsersättning",
            valid_until=timezone.localdate() + datetime.timedelta(days=180),
        )
        consent.record_paper_consent(
            maja, anna, organisation="kronofogden", covers="Skulder och betalningsplan"
        )
        note = notes.add_note(maja, anna, text="Fråga om hon vill att jag följer med till FK.")
        notes.set_disposition(note, anna, disposition="hand_over")
        notes.add_note(maja, anna, text="Ring vårdcentralen om receptet före fredag.")
        ground = intake.add_priority_ground(sara, "18–25 år")
        intake.register_intake(
            sara,
            channel="phone",
            referrer="relative",
            name="Demo Förfrågan",
            phone="070-000 00 01",
            gender="woman",
            birth_year=2003,
            priority_grounds=[ground],
        )
        intake.register_intake(
            anna,
            channel="letter",
            referrer="social_services",
            name="Demo Brevskrivare",
            email="demo@example.se",
            gender="man",
            birth_year=1971,
        )
        today = timezone.localdate()
        johan = staff["johan"]
        for days_ago, level, category, text, organisation in [
            (
                150,
                "case_officer",
                "treatment",
                "Handläggare svarar inte på brev inom en månad.",
                "Försäkringskassan",
            ),
            (
                95,
                "local",
                "coordination",
                "Ingen samordnad plan mellan psykiatrin och kommunen.",
                "Psykiatrin",
            ),
            (40, "local", "access", "Telefontiden är bara 30 minuter om dagen.", "Socialtjänsten"),
            (
                10,
                "central",
                "rules",
                "Reglerna för aktivitetsersättning är svåra att förstå.",
                "Försäkringskassan",
            ),
        ]:
            failure = failures.record_failure(
                anna,
                occurred_on=today - datetime.timedelta(days=days_ago),
                level=level,
                category=category,
                description=text,
                clients_affected=2,
                new_organisation=organisation,
            )
            if days_ago > 30:
                failures.seen_again(
                    failure,
                    johan,
                    seen_on=today - datetime.timedelta(days=days_ago - 20),
                    clients_affected=1,
                )
                failures.mark_sent(
                    failure,
                    sara,
                    sent_to="steering",
                    sent_on=today - datetime.timedelta(days=days_ago - 25),
                )

    def _remove(self) -> None:
        """Every demo account (clients first: their contacts go with them), then the demo
        operation if nobody is left in it."""
        names = demo_usernames()
        with transaction.atomic():
            User.objects.filter(username__in=names, role=Role.CLIENT).delete()
            try:
                User.objects.filter(username__in=names).delete()
            except ProtectedError as error:
                raise CommandError(
                    "Ett demoombud har fortfarande riktiga klienter. Flytta dem först."
                ) from error
            operation = Operation.objects.filter(name=OPERATION_NAME).first()
            if operation is not None and not operation.users.exists():
                try:
                    with transaction.atomic():
                        operation.delete()
                except ProtectedError:
                    pass
        if names:
            self.stdout.write(self.style.SUCCESS(f"Borttagna demokonton: {', '.join(names)}"))
        else:
            self.stdout.write("Det finns inga demokonton.")

    def _summary(self, operation: Operation) -> None:
        out = self.stdout.write
        for ombud in User.objects.filter(operation=operation, role=Role.OMBUD).order_by("pk"):
            contacts = Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE)
            per_phase = ", ".join(
                f"fas {phase.value}: {contacts.filter(phase=phase).count()}" for phase in Phase
            )
            out(
                f"  {ombud.display_name} ({ombud.fte} heltid, tak {ombud.caseload_limit()}): "
                f"{contacts.count()} klienter ({per_phase})"
            )
        out("")
        out(f"Inloggningar (lösenord för alla: {PASSWORD}):")
        out(f"  Ombud och samordnare: kod från en app med TOTP-hemligheten {DEMO_TOTP_SECRET}")
        out("  anna        ombud")
        out("  johan       ombud")
        out("  samordnare  samordnare")
        out("  maja        klient hos Anna (med en hel plan och ett nätverk)")
        out("  demo-klient-2 … demo-klient-9  andra klienter")
