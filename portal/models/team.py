"""Who works with the client: the contact's ombud over time, a stand-in for a period, and
the proposals the client answers (to end the contact together, or to move to another
ombud). Everything here hangs off the contact and is erased with it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from portal.models.contact import Contact
from portal.models.statistics import EndedHow

# The reasons a proposal to end together gives, as the ombud chooses them and the change
# list shows them (EndedHow's labels are the figures' past tense).
PROPOSAL_REASON_LABELS: dict[str, StrOrPromise] = {
    EndedHow.DONE: _("Arbetet är klart och stödet finns på plats"),
    EndedHow.OTHER_SERVICE: _("En annan verksamhet tar över"),
    EndedHow.MOVED: _("Klienten flyttar"),
}


class OmbudPeriod(models.Model):
    """One ombud's time with the contact: "Anna är ditt ombud sedan 3 mars 2025". A new
    period starts when the contact moves to another ombud; the open one has no end."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="ombud_periods")
    ombud = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"Ombud period {self.pk}"


class StandIn(models.Model):
    """Another ombud of the operation who stands in for the contact's ombud from one day
    to another (both days included). While the period runs the stand-in belongs to the
    contact (portal.access.contacts_for); before and after it, not. Removed (by the
    ombud or a coordinator) or declined (by the client), it ends at once."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="stand_ins")
    ombud = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stand_in_for"
    )
    starts_on = models.DateField(_("från och med"))
    ends_on = models.DateField(_("till och med"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    # The client said no: removed, and the client's word is what removed it.
    declined = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="stand_in_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"Stand-in {self.pk}"


class Proposal(models.Model):
    """Something only the client's yes makes happen: ending the contact together (with
    the reason the ombud chose), or moving it to another ombud. One open at a time."""

    class Kind(models.TextChoices):
        END = "end", _("Avsluta kontakten")
        MOVE = "move", _("Byta ombud")

    class Status(models.TextChoices):
        OPEN = "open", _("Väntar på svar")
        ACCEPTED = "accepted", _("Ja")
        DECLINED = "declined", _("Inte än")
        WITHDRAWN = "withdrawn", _("Tillbakadraget")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Ending: why (an EndedHow the client's yes records).
    reason = models.CharField(max_length=20, blank=True)
    # A few words to the client from the one who proposes (optional).
    words = models.TextField(max_length=500, blank=True)
    # Moving: to whom, and the reason for going over their caseload limit, if any.
    to_ombud = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"], condition=Q(status="open"), name="one_open_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"Proposal {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def reason_label(self) -> str:
        return str(PROPOSAL_REASON_LABELS.get(self.reason, ""))
