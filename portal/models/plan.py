"""The client's plan: assignments in their own words, tasks (who does what and when),
meetings, the client's wishes and comments, and the record of who changed what."""

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
    OTHER = "other", _("Någon annan")


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


class Assignment(Tracked):
    """An uppdrag, in the client's own words."""

    # The card's quick-add form (portal.forms.TaskForm), set by the page; never stored.
    task_form: Any = None

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("uppdrag"), max_length=300)
    life_area = models.CharField(_("livsområde"), max_length=20, choices=LifeArea.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Task(Tracked):
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
    created_at = models.DateTimeField(auto_now_add=True)
    # The letter the task came from, when the client (or the ombud) put a letter's
    # suggested tasks in the plan.
    letter = models.ForeignKey(
        "portal.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )

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
