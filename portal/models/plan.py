"""The client's plan: assignments in their own words, tasks (who does what and when),
meetings, the client's wishes and comments, and the record of who changed what."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class LifeArea(models.TextChoices):
    ECONOMY = "economy", _("Ekonomi")
    HOUSING = "housing", _("Bostad")
    HEALTH = "health", _("Hälsa och medicin")
    WORK = "work", _("Arbete och sysselsättning")
    RELATIONS = "relations", _("Familj och vänner")
    AUTHORITIES = "authorities", _("Kontakter med myndigheter")
    OTHER = "other", _("Annat")


class Who(models.TextChoices):
    CLIENT = "client", _("Klienten")
    OMBUD = "ombud", _("Ombudet")
    TOGETHER = "together", _("Vi gör det tillsammans")
    OTHER = "other", _("Någon annan")

    @classmethod
    def the_clients(cls) -> tuple[str, ...]:
        """Whose tasks count as the client's own to do: alone or together with the
        ombud. The ombud's and others' are shown to the client, not counted as theirs."""
        return (cls.CLIENT, cls.TOGETHER)


class TaskStatus(models.TextChoices):
    TODO = "todo", _("Att göra")
    DONE = "done", _("Klart")


class Tracked(models.Model):
    """Who changed it last, and when: the client always sees this."""

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Written(Tracked):
    """Who wrote it: the client's own words are theirs to change or remove
    (portal.actions.plan says who may do what)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    contact: Contact  # each kind has its own foreign key to the contact

    class Meta:
        abstract = True

    @property
    def written_by_client(self) -> bool:
        return self.created_by_id is not None and self.created_by_id == self.contact.client_id

    def may_reword(self, user: Any) -> bool:
        """The client changes only their own words; the ombud anything but the client's."""
        if user.pk == self.contact.client_id:
            return self.written_by_client
        return user.pk == self.contact.ombud_id and not self.written_by_client

    def may_remove(self, user: Any) -> bool:
        """Whoever may change the words may remove it."""
        return self.may_reword(user)


class Assignment(Written):
    """An uppdrag, in the client's own words, in the order the two agree on."""

    # The card's quick-add form (portal.forms.TaskForm), set by the page; never stored.
    task_form: Any = None

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("uppdrag"), max_length=300)
    life_area = models.CharField(_("livsområde"), max_length=20, choices=LifeArea.choices)
    # The order client and ombud agree on: 0 is what matters most now.
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def may_remove(self, user: Any) -> bool:
        """As the words, and for the ombud only while none of the client's own tasks
        are in it (removing it would remove the client's words with it)."""
        if not super().may_remove(user):
            return False
        if user.pk == self.contact.client_id:
            return True
        return not self.tasks.filter(created_by_id=self.contact.client_id).exists()


class ShownTasks(models.Manager["Task"]):
    """Tasks that are on the plan: not the ones removed a moment ago, which wait out the
    undo window (portal.undo) before they are deleted for good."""

    def get_queryset(self) -> models.QuerySet["Task"]:
        return super().get_queryset().filter(removed_at__isnull=True)


class AllTasks(models.Manager["Task"]):
    """Every task, the removed ones too: for "Ångra" and for deleting them for good."""


class Task(Written):
    Who = Who  # so templates compare through the enum: task.who == task.Who.CLIENT
    # Filled in for the row by portal.queries.plan.task_rows; never stored.
    consent_missing: bool = False
    organisation_name: str = ""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="tasks")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="tasks")
    what = models.CharField(_("vad"), max_length=300)
    who = models.CharField(_("vem"), max_length=10, choices=Who.choices, default=Who.CLIENT)
    # The named other party when who == OTHER, e.g. "Försäkringskassan" or "Mamma".
    who_other = models.CharField(_("vem (namn)"), max_length=120, blank=True)
    due = models.DateField(_("när"), null=True, blank=True)
    # The organisation the task involves, if any: consent is needed before contact.
    organisation = models.CharField(_("organisation"), max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    # Waiting for a decision: who decides (someone in the client's network, e.g. the case
    # officer at Försäkringskassan), when it is expected, when it came, and how many
    # weeks there are to appeal, counted from the day the client received it.
    network_person = models.ForeignKey(
        "portal.NetworkPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("vem som beslutar"),
    )
    decision_expected_on = models.DateField(_("beslut väntas"), null=True, blank=True)
    decision_received_on = models.DateField(_("beslutet kom"), null=True, blank=True)
    appeal_weeks = models.PositiveSmallIntegerField(
        _("veckor att överklaga"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The letter the task came from, when the client (or the ombud) put a letter's
    # suggested tasks in the plan.
    letter = models.ForeignKey(
        "portal.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    # Removed, and for a short moment undoable ("Uppgiften är borttagen. Ångra"): hidden
    # everywhere (the default manager), deleted for good once the undo window has passed
    # (portal.actions.plan.purge_removed_tasks).
    removed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The first manager is the default one, and related managers (assignment.tasks,
    # contact.tasks, letter.tasks) and prefetches use it too: a removed task is nowhere.
    objects = ShownTasks()
    with_removed = AllTasks()

    class Meta:
        ordering = ["-status", models.F("due").asc(nulls_last=True), "created_at", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def is_late(self) -> bool:
        return not self.is_done and self.due is not None and self.due < timezone.localdate()

    @property
    def appeal_last_day(self) -> datetime.date | None:
        """The last day to appeal, when the day the decision came is known: that day plus
        the weeks (an appeal "inom tre veckor" from 2 March may be in on 23 March). Never
        moved past a weekend or holiday, so the day shown is never later than the real one."""
        if self.decision_received_on is None or not self.appeal_weeks:
            return None
        return self.decision_received_on + datetime.timedelta(weeks=self.appeal_weeks)


class Meeting(Tracked):
    class Answer(models.TextChoices):
        NONE = "", _("Inte svarat")
        COMING = "coming", _("Jag kommer")
        NOT_COMING = "not_coming", _("Jag kan inte")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("när"))
    place = models.CharField(_("var"), max_length=200)
    with_whom = models.CharField(_("med vem"), max_length=200, blank=True)
    about = models.CharField(_("om vad"), max_length=300, blank=True)
    # The client's one-tap answer.
    client_answer = models.CharField(max_length=12, choices=Answer.choices, blank=True)
    # When the "you have a meeting tomorrow" notification went out, so it goes out once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.about or self.place


class PlanComment(models.Model):
    """A wish or a comment the client (or the ombud) adds to the plan."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("text"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"
