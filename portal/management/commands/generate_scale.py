"""`python manage.py generate_scale --ombud 50 --clients 750 --messages 500000`: a generated
operation at national scale, for the benchmarks (benchmarks/pages.py, benchmarks/realtime.py).

Deterministic (`--seed`), written in bulk, and shaped exactly like the data the actions
write: every contact has its request, its ombud's period, assignments with their tasks,
meetings, wishes, consents, working notes, its network and its conversation, and a
numbered event for each change in the order it happened (`Contact.last_seq` is the
last), so a page, a live frame and a catch-up read what they would read in real use.
Around them: staff periods, system failures with sightings, anonymous statistics records
of contacts that ended and were erased, requests closed without a contact, and requests
waiting in the queue.

Every generated account shares one password (`--password`, default below), and the
usernames are predictable (`ombud-1`, `klient-1`, `samordnare-1`, each after `--prefix`
when a second operation shares the database), so a benchmark can sign in as anyone.
Never run this against real data: it refuses an operation that exists.
"""

import datetime
import random
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.models import (
    Assignment,
    AuditEntry,
    Channel,
    Consent,
    Contact,
    ContactEvent,
    EndedHow,
    FailureCategory,
    FailureOrganisation,
    FailureSighting,
    Gender,
    Intake,
    Level,
    LifeArea,
    Meeting,
    Message,
    NetworkPerson,
    NetworkRole,
    OmbudPeriod,
    Operation,
    Organisation,
    Phase,
    PlanComment,
    Referrer,
    RequestOutcome,
    RequestRecord,
    Role,
    StaffPeriod,
    StatisticsRecord,
    SystemFailure,
    Task,
    TaskStatus,
    User,
    Who,
    WorkingNote,
)
from portal.models.statistics import age_band

Verb = ContactEvent.Verb
PASSWORD = "skalprov-losenord-1"
BATCH = 5000
WORDS = [
    "ringa",
    "skriva",
    "ansöka",
    "boka",
    "betala",
    "fråga",
    "hämta",
    "lämna",
    "läsa",
    "svara",
    "träffa",
    "följa",
    "med",
    "Försäkringskassan",
    "kommunen",
    "vårdcentralen",
    "hyresvärden",
    "banken",
    "apoteket",
    "tandläkaren",
]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Generator:
    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = timezone.now()

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count)).capitalize()

    def day_back(self, most: int, least: int = 0) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(least, most))

    def moment(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 17) if hour is None else hour
        naive = datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)))
        return timezone.make_aware(naive)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


class Command(BaseCommand):
    help = "Skapar en genererad verksamhet i nationell skala för mätningar (deterministisk)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--ombud", type=int, default=50)
        parser.add_argument("--clients", type=int, default=750)
        parser.add_argument("--messages", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=20261129)
        parser.add_argument("--name", default="Skalprov (genererad)")
        parser.add_argument("--password", default=PASSWORD)
        parser.add_argument(
            "--prefix", default="", help="before every username, for a second operation"
        )
        parser.add_argument(
            "--operations",
            type=int,
            default=1,
            help="share the ombud, clients and messages among this many operations "
            "(the country: a few hundred operations of a handful of ombud each)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = max(1, options["operations"])
        names = (
            [options["name"]]
            if count == 1
            else [f"{options['name']} {i}" for i in range(1, count + 1)]
        )
        if Operation.objects.filter(name__in=names).exists():
            raise CommandError(f"{names[0]!r} finns redan. Använd en tom databas.")
        password = make_password(options["password"])
        for i, name in enumerate(names):
            # An even share each; the first ones take what does not divide.
            def share(total: int, i: int = i) -> int:
                return total // count + (1 if i < total % count else 0)

            self.prefix = options["prefix"] + (f"v{i + 1}-" if count > 1 else "")
            self._operation(
                Generator(options["seed"] + i, timezone.localdate()),
                name,
                password,
                share(options["ombud"]),
                share(options["clients"]),
                share(options["messages"]),
                options["password"],
            )

    def _operation(
        self,
        gen: Generator,
        name: str,
        password: str,
        ombud: int,
        clients: int,
        messages: int,
        clear_password: str,
    ) -> None:
        started = timezone.now()
        with transaction.atomic():
            operation = Operation.objects.create(
                name=name, municipalities=["Norrköping", "Söderköping"]
            )
            team = self._staff(gen, operation, ombud, password)
            contacts = self._contacts(gen, operation, team, clients, password)
            self._plans_and_messages(gen, contacts, team, messages)
            self._history(gen, operation, team, clients)
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"{name}: {len(team)} ombud, {len(contacts)} klienter, "
            f"{Message.objects.filter(contact__operation=operation).count()} meddelanden, "
            f"{ContactEvent.objects.filter(contact__operation=operation).count()} händelser "
            f"på {seconds:.0f} s. Lösenord: {clear_password}"
        )

    def _staff(self, gen: Generator, operation: Operation, count: int, password: str) -> list[User]:
        User.objects.create(
            username=f"{self.prefix}samordnare-1",
            first_name="Samordnare",
            role=Role.COORDINATOR,
            operation=operation,
            password=password,
        )
        team = User.objects.bulk_create(
            [
                User(
                    username=f"{self.prefix}ombud-{n}",
                    first_name=f"Ombud{n}",
                    role=Role.OMBUD,
                    operation=operation,
                    fte=gen.rng.choice([Decimal("1.00"), Decimal("1.00"), Decimal("0.75")]),
                    password=password,
                )
                for n in range(1, count + 1)
            ]
        )
        # bulk_create sends no post_save: the staff history is written here, as the signal
        # would, from two years back.
        StaffPeriod.objects.bulk_create(
            StaffPeriod(
                operation=operation, ombud=ombud, fte=ombud.fte, started_on=gen.day_back(730, 700)
            )
            for ombud in team
        )
        return team

    def _contacts(
        self, gen: Generator, operation: Operation, team: list[User], count: int, password: str
    ) -> list[Contact]:
        clients = User.objects.bulk_create(
            [
                User(
                    username=f"{self.prefix}klient-{n}",
                    first_name=f"Klient{n}",
                    role=Role.CLIENT,
                    operation=operation,
                    password=password,
                )
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )
        contacts = []
        for number, client in enumerate(clients):
            started = gen.day_back(700, 5)
            phase = gen.rng.choice([Phase.TRUST, Phase.ACTIVE, Phase.ACTIVE, Phase.ENDING])
            changes = [
                [(started + datetime.timedelta(days=30 * step)).isoformat(), step + 1]
                for step in range(1, phase)
            ]
            contacts.append(
                Contact(
                    operation=operation,
                    client=client,
                    ombud=team[number % len(team)],
                    phase=phase,
                    highest_phase=phase,
                    phase_changes=changes,
                    started_on=started,
                    gender=gen.rng.choice(list(Gender.values)),
                    birth_year=gen.rng.choice([None, *range(1950, 2006)]),
                    channel=gen.rng.choice(list(Channel.values)),
                    referrer=gen.rng.choice(list(Referrer.values)),
                    municipality=gen.rng.choice(["Norrköping", "Söderköping", ""]),
                    requested_on=started - datetime.timedelta(days=gen.rng.randint(0, 90)),
                )
            )
        contacts = Contact.objects.bulk_create(contacts, batch_size=BATCH)
        Intake.objects.bulk_create(
            [
                Intake(
                    operation=operation,
                    channel=contact.channel,
                    referrer=contact.referrer,
                    name=f"{contact.client.first_name} Efternamn",
                    phone="070-000 00 00",
                    gender=contact.gender,
                    birth_year=contact.birth_year,
                    requested_on=contact.requested_on or contact.started_on,
                    municipality=contact.municipality,
                    status=Intake.Status.ASSIGNED,
                    registered_by=contact.ombud,
                    contact=contact,
                    assigned_at=gen.moment(contact.started_on),
                )
                for contact in contacts
            ],
            batch_size=BATCH,
        )
        OmbudPeriod.objects.bulk_create(
            [OmbudPeriod(contact=c, ombud=c.ombud, started_on=c.started_on) for c in contacts],
            batch_size=BATCH,
        )
        return contacts

    def _plans_and_messages(
        self, gen: Generator, contacts: list[Contact], team: list[User], messages: int
    ) -> None:
        per_contact = max(1, messages // max(1, len(contacts)))
        for group in _chunks(contacts, 100):
            self._plans(gen, group, per_contact)

    def _plans(self, gen: Generator, contacts: list[Contact], per_contact: int) -> None:
        """One batch of contacts: every object first, then its event, in time order."""
        made: list[tuple[Contact, datetime.datetime, Any, str, str, User | None]] = []
        assignments: list[Assignment] = []
        tasks: list[Task] = []
        meetings: list[Meeting] = []
        comments: list[PlanComment] = []
        consents: list[Consent] = []
        notes: list[WorkingNote] = []
        network: list[NetworkPerson] = []
        texts: list[Message] = []
        for contact in contacts:
            ombud, client = contact.ombud, contact.client
            for position in range(1, gen.rng.randint(2, 4) + 1):
                when = gen.moment(contact.started_on + datetime.timedelta(days=position * 7))
                author = client if gen.rng.random() < 0.2 else ombud
                assignment = Assignment(
                    contact=contact,
                    title=gen.words(4),
                    life_area=gen.rng.choice(list(LifeArea.values)),
                    position=position,
                    created_by=author,
                    updated_by=author,
                    updated_at=when,
                )
                assignments.append(assignment)
                made.append(
                    (contact, when, assignment, Verb.ADDED_ASSIGNMENT, "assignment", author)
                )
                for step in range(gen.rng.randint(2, 3)):
                    done = gen.rng.random() < 0.4
                    task = Task(
                        contact=contact,
                        assignment=assignment,
                        what=gen.words(5),
                        who=gen.rng.choice(list(Who.values)),
                        who_other="Försäkringskassan",
                        due=contact.started_on + datetime.timedelta(days=14 * (position + step)),
                        status=TaskStatus.DONE if done else TaskStatus.TODO,
                        created_by=author,
                        updated_by=author,
                        updated_at=when,
                    )
                    tasks.append(task)
                    made.append((contact, when, task, Verb.ADDED_TASK, "task", author))
            for n in range(gen.rng.randint(1, 2)):
                day = gen.today + datetime.timedelta(days=gen.rng.randint(-30, 30) + n)
                meeting = Meeting(
                    contact=contact,
                    starts_at=gen.moment(day, 10),
                    place="Biblioteket",
                    about=gen.words(3),
                    updated_by=ombud,
                    updated_at=gen.moment(contact.started_on),
                )
                meetings.append(meeting)
                made.append(
                    (contact, meeting.updated_at, meeting, Verb.ADDED_MEETING, "meeting", ombud)
                )
            if gen.rng.random() < 0.5:
                comment = PlanComment(contact=contact, author=client, text=gen.words(8))
                comments.append(comment)
                made.append(
                    (
                        contact,
                        gen.moment(contact.started_on),
                        comment,
                        Verb.COMMENTED,
                        "comment",
                        client,
                    )
                )
            for organisation in gen.rng.sample(
                [
                    Organisation.FORSAKRINGSKASSAN,
                    Organisation.SOCIALTJANSTEN,
                    Organisation.KRONOFOGDEN,
                ],
                gen.rng.randint(1, 2),
            ):
                consent = Consent(
                    contact=contact,
                    organisation=organisation,
                    covers=gen.words(4),
                    given_via=Consent.Via.APP,
                    given_at=gen.moment(contact.started_on),
                    recorded_by=client,
                )
                consents.append(consent)
                made.append(
                    (contact, consent.given_at, consent, Verb.GAVE_CONSENT, "consent", client)
                )
            for _n in range(gen.rng.randint(1, 2)):
                notes.append(WorkingNote(contact=contact, author=ombud, text=gen.words(10)))
            network.append(
                NetworkPerson(
                    contact=contact,
                    role=gen.rng.choice(list(NetworkRole.values)),
                    name="Handläggare",
                    organisation=Organisation.FORSAKRINGSKASSAN,
                    phone="0771-524 524",
                    created_by=ombud,
                    updated_by=ombud,
                )
            )
            start = gen.moment(contact.started_on)
            span = max(1.0, (gen.now - start).total_seconds())
            for n in range(per_contact):
                sender = client if n % 2 else ombud
                at = start + datetime.timedelta(seconds=span * (n + 1) / (per_contact + 1))
                unread = n >= per_contact - gen.rng.randint(0, 3)
                texts.append(
                    Message(
                        contact=contact,
                        sender=sender,
                        client_uuid=gen.uuid(),
                        text=gen.words(gen.rng.randint(3, 20)),
                        created_at=at,
                        read_at=None if unread else at + datetime.timedelta(minutes=30),
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        for task in tasks:
            task.assignment_id = task.assignment.pk
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        PlanComment.objects.bulk_create(comments, batch_size=BATCH)
        Consent.objects.bulk_create(consents, batch_size=BATCH)
        WorkingNote.objects.bulk_create(notes, batch_size=BATCH)
        NetworkPerson.objects.bulk_create(network, batch_size=BATCH)
        Message.objects.bulk_create(texts, batch_size=BATCH)
        for message in texts:
            made.append(
                (
                    message.contact,
                    message.created_at,
                    message,
                    Verb.SENT_MESSAGE,
                    "message",
                    message.sender,
                )
            )
        self._events(made)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(contact=c, actor=c.ombud, action=AuditEntry.Action.VIEWED_PLAN)
                for c in contacts
            ],
            batch_size=BATCH,
        )

    def _events(self, made: list) -> None:
        """Number each contact's changes in the order they happened, as record_change does."""
        made.sort(key=lambda row: (row[0].pk, row[1]))
        events: list[ContactEvent] = []
        last_seq: dict[int, int] = {}
        for contact, when, obj, verb, kind, actor in made:
            seq = last_seq.get(contact.pk, 0) + 1
            last_seq[contact.pk] = seq
            events.append(
                ContactEvent(
                    contact=contact,
                    seq=seq,
                    actor=actor,
                    verb=verb,
                    subject=str(getattr(obj, "title", "") or getattr(obj, "what", ""))[:300],
                    object_kind=kind,
                    object_id=obj.pk,
                    created_at=when,
                )
            )
        ContactEvent.objects.bulk_create(events, batch_size=BATCH)
        for contact_id, seq in last_seq.items():
            Contact.objects.filter(pk=contact_id).update(last_seq=seq)

    def _history(
        self, gen: Generator, operation: Operation, team: list[User], clients: int
    ) -> None:
        """What the years left: contacts that ended and were erased (only their anonymous
        records), requests closed without a contact, and system failures."""
        records = []
        for _n in range(clients):
            started = gen.day_back(1500, 200)
            ended = started + datetime.timedelta(days=gen.rng.randint(30, 600))
            ended = min(ended, gen.today)
            birth = gen.rng.choice([None, *range(1950, 2006)])
            records.append(
                StatisticsRecord(
                    operation=operation,
                    gender=gen.rng.choice(list(Gender.values)),
                    age_band=age_band(birth, started),
                    channel=gen.rng.choice(list(Channel.values)),
                    referrer=gen.rng.choice(list(Referrer.values)),
                    municipality=gen.rng.choice(["Norrköping", "Söderköping", ""]),
                    requested_on=started - datetime.timedelta(days=gen.rng.randint(0, 90)),
                    started_on=started,
                    ended_on=ended,
                    highest_phase=gen.rng.choice([1, 2, 3]),
                    phase_changes=[],
                    life_areas=gen.rng.sample(list(LifeArea.values), 2),
                    ended_how=gen.rng.choice(list(EndedHow.values)),
                )
            )
        StatisticsRecord.objects.bulk_create(records, batch_size=BATCH)
        RequestRecord.objects.bulk_create(
            [
                RequestRecord(
                    operation=operation,
                    channel=gen.rng.choice(list(Channel.values)),
                    referrer=gen.rng.choice(list(Referrer.values)),
                    gender=gen.rng.choice(list(Gender.values)),
                    requested_on=(asked := gen.day_back(700, 10)),
                    closed_on=asked + datetime.timedelta(days=gen.rng.randint(0, 60)),
                    outcome=gen.rng.choice(list(RequestOutcome.values)),
                )
                for _n in range(max(1, clients // 5))
            ],
            batch_size=BATCH,
        )
        # The queue: one waiting request for every twentieth client, the oldest first.
        Intake.objects.bulk_create(
            [
                Intake(
                    operation=operation,
                    channel=gen.rng.choice(list(Channel.values)),
                    referrer=gen.rng.choice(list(Referrer.values)),
                    name=f"Väntande {n} Efternamn",
                    phone="070-000 00 00",
                    gender=gen.rng.choice(list(Gender.values)),
                    requested_on=gen.day_back(120),
                    municipality=gen.rng.choice(["Norrköping", "Söderköping", ""]),
                    registered_by=gen.rng.choice(team),
                )
                for n in range(1, max(1, clients // 20) + 1)
            ],
            batch_size=BATCH,
        )
        organisations = FailureOrganisation.objects.bulk_create(
            [
                FailureOrganisation(operation=operation, name=name)
                for name in ("Försäkringskassan", "Psykiatrin", "Socialtjänsten", "Kronofogden")
            ]
        )
        failures = SystemFailure.objects.bulk_create(
            [
                SystemFailure(
                    operation=operation,
                    organisation=gen.rng.choice(organisations),
                    occurred_on=gen.day_back(700),
                    level=gen.rng.choice(list(Level.values)),
                    category=gen.rng.choice(list(FailureCategory.values)),
                    description=gen.words(12),
                    clients_affected=gen.rng.randint(1, 4),
                    created_by=gen.rng.choice(team),
                )
                for _n in range(len(team) * 3)
            ],
            batch_size=BATCH,
        )
        FailureSighting.objects.bulk_create(
            [
                FailureSighting(
                    failure=failure,
                    ombud=gen.rng.choice(team),
                    seen_on=min(failure.occurred_on + datetime.timedelta(days=20), gen.today),
                    clients_affected=1,
                )
                for failure in failures
                if gen.rng.random() < 0.5
            ],
            batch_size=BATCH,
        )
