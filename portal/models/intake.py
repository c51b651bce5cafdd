"""A request for an ombud (intake), the queue it waits in, and the facts about how it came
in that the anonymous statistics keep."""

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
    """Who got in touch: the kinds the state's follow-up asks about."""

    SELF = "self", _("Personen själv")
    RELATIVE = "relative", _("Anhörig")
    PSYCHIATRY = "psychiatry", _("Psykiatrin")
    SOCIAL_SERVICES = "social_services", _("Socialtjänsten")
    HEALTH_CENTRE = "health_centre", _("Vårdcentralen")
    FK = "fk", "Försäkringskassan"
    AF = "af", "Arbetsförmedlingen"
    OTHER = "other", _("Annan")


class Gender(models.TextChoices):
    """ "Vill inte säga" is the person's answer; "Okänt" means nobody asked or knows."""

    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")
    DECLINED = "declined", _("Vill inte säga")
    UNKNOWN = "unknown", _("Okänt")


class RequestOutcome(models.TextChoices):
    """How a request that never became a contact was closed."""

    WITHDRAWN = "withdrawn", _("Personen tog tillbaka förfrågan")
    OUTSIDE_TARGET = "outside_target", _("Utanför målgruppen")
    NOT_REACHED = "not_reached", _("Fick inte kontakt")


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
    referrer = models.CharField(_("vem som hörde av sig"), max_length=20, choices=Referrer.choices)
    name = models.CharField(_("namn"), max_length=150)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    gender = models.CharField(
        _("kön"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    # The day the person asked (may be before it was registered); waits count from it.
    requested_on = models.DateField(_("datum då förfrågan kom"), default=timezone.localdate)
    # Which of the operation's municipalities the person lives in (when it serves several).
    municipality = models.CharField(_("kommun"), max_length=100, blank=True)
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
