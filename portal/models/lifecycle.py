"""The life of a contact under the client's control: the request that starts it and the
queue, consent per organisation, the ombud's working notes, who looked, and the
anonymous record that is all that remains when it has ended and been erased."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    LETTER = "letter", _("Brev")
    IN_PERSON = "in_person", _("Besök")
    VIA_OTHER = "via_other", _("Via någon annan")


class Referrer(models.TextChoices):
    SELF = "self", _("Personen själv")
    RELATIVE = "relative", _("Anhörig")
    AUTHORITY = "authority", _("Myndighet")
    OTHER = "other", _("Annan")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")
    UNKNOWN = "unknown", _("Vill inte säga")


class Organisation(models.TextChoices):
    FORSAKRINGSKASSAN = "forsakringskassan", "Försäkringskassan"
    KRONOFOGDEN = "kronofogden", "Kronofogden"
    ARBETSFORMEDLINGEN = "arbetsformedlingen", "Arbetsförmedlingen"
    SOCIALTJANSTEN = "socialtjansten", _("Socialtjänsten")
    PSYKIATRIN = "psykiatrin", _("Psykiatrin")
    VARDCENTRAL = "vardcentral", _("Vårdcentralen")
    OVERFORMYNDAREN = "overformyndaren", _("Överförmyndaren")
    HOUSING = "housing", _("Bostadsbolaget")
    OTHER = "other", _("Annan")


class PriorityGround(models.Model):
    """A ground for priority in the queue that the operation has decided on."""

    operation = models.ForeignKey(
        "portal.Operation", on_delete=models.CASCADE, related_name="priority_grounds"
    )
    label = models.CharField(_("prioriteringsgrund"), max_length=120)

    def __str__(self) -> str:
        return self.label


class Intake(models.Model):
    """A request for an ombud, with the minimum needed to call the person back."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Väntar")
        ASSIGNED = "assigned", _("Har fått ombud")

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    channel = models.CharField(_("hur förfrågan kom in"), max_length=12, choices=Channel.choices)
    referrer = models.CharField(_("vem som hörde av sig"), max_length=12, choices=Referrer.choices)
    name = models.CharField(_("namn"), max_length=150)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    gender = models.CharField(
        _("kön"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    priority_grounds = models.ManyToManyField(PriorityGround, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when an ombud takes it on; erased with the contact.
    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="intake"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # Going over the caseload limit is allowed only explicitly, and is recorded.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    override_reason = models.CharField(max_length=300, blank=True)
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Intake {self.pk}"


class Consent(models.Model):
    """The client's consent (samtycke) for the ombud to be in contact with one organisation."""

    class Via(models.TextChoices):
        APP = "app", _("I appen")
        PAPER = "paper", _("På papper")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    organisation_other = models.CharField(_("vilken organisation"), max_length=120, blank=True)
    covers = models.CharField(_("vad samtycket gäller"), max_length=500)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    given_via = models.CharField(max_length=10, choices=Via.choices)
    given_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk}"

    @property
    def organisation_name(self) -> str:
        if self.organisation == Organisation.OTHER and self.organisation_other:
            return self.organisation_other
        return str(self.get_organisation_display())

    @property
    def is_active(self) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()


class WorkingNote(models.Model):
    """The ombud's private working and memory note. Never the coordinator's to read; at
    the end of the contact it is handed to the client or destroyed."""

    class Disposition(models.TextChoices):
        UNDECIDED = "", _("Inte bestämt")
        HAND_OVER = "hand_over", _("Lämnas till klienten")
        DESTROY = "destroy", _("Förstörs")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("anteckning"), max_length=5000)
    disposition = models.CharField(
        max_length=10, choices=Disposition.choices, blank=True, default=Disposition.UNDECIDED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class AuditEntry(models.Model):
    """Who opened or changed the client's data, and when: never what it said."""

    class Action(models.TextChoices):
        VIEWED_PLAN = "viewed_plan", _("öppnade planen")
        VIEWED_MESSAGES = "viewed_messages", _("öppnade meddelandena")
        VIEWED_CONSENTS = "viewed_consents", _("öppnade samtyckena")
        VIEWED_NOTES = "viewed_notes", _("öppnade sina arbetsanteckningar")
        VIEWED_ATTACHMENT = "viewed_attachment", _("öppnade en bilaga")
        CHANGED = "changed", _("ändrade")
        EXPORTED = "exported", _("hämtade en kopia av allt")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=40, blank=True)  # e.g. "task", never its content
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["contact", "-created_at"])]

    def __str__(self) -> str:
        return f"Audit {self.pk}"


class EndedHow(models.TextChoices):
    CLIENT = "client", _("Klienten avslutade")
    TOGETHER = "together", _("Klient och ombud avslutade tillsammans")


class StatisticsRecord(models.Model):
    """What survives a contact for the annual report: nothing that identifies anyone."""

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    gender = models.CharField(max_length=10, choices=Gender.choices)
    age_band = models.CharField(max_length=10, blank=True)  # "18-25", "26-35", ...
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    referrer = models.CharField(max_length=12, choices=Referrer.choices, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField()
    highest_phase = models.PositiveSmallIntegerField()
    life_areas = models.JSONField(default=list)
    ended_how = models.CharField(max_length=10, choices=EndedHow.choices)

    def __str__(self) -> str:
        return f"Statistics {self.pk}"
