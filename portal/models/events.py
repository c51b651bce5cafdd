"""The numbered events of a contact: who changed what and when.

Every change to a contact's data gets the contact's next number. The plan's events are
its visible "who changed what" (the client sees all of them); all events together are
the cursor a reconnecting phone uses to catch up. This is not a journal: it holds only
what the two parties did in the app, and it is erased with the contact.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class ContactEvent(models.Model):
    class Verb(models.TextChoices):
        ADDED_ASSIGNMENT = "assignment_added", _("lade till uppdraget")
        CHANGED_ASSIGNMENT = "assignment_changed", _("ändrade uppdraget")
        ADDED_TASK = "task_added", _("lade till uppgiften")
        CHANGED_TASK = "task_changed", _("ändrade uppgiften")
        DONE_TASK = "task_done", _("markerade som klart:")
        REOPENED_TASK = "task_reopened", _("markerade som inte klart:")
        REMOVED_TASK = "task_removed", _("tog bort uppgiften")
        ADDED_MEETING = "meeting_added", _("lade till träffen")
        CHANGED_MEETING = "meeting_changed", _("ändrade träffen")
        REMOVED_MEETING = "meeting_removed", _("tog bort träffen")
        COMMENTED = "commented", _("skrev en önskan eller kommentar")
        PHASE = "phase_changed", _("flyttade kontakten till fasen")
        SENT_MESSAGE = "message_sent", _("skickade ett meddelande")
        READ_MESSAGES = "messages_read", _("läste meddelanden")
        ANSWERED_MEETING = "meeting_answered", _("svarade på träffen")
        GAVE_CONSENT = "consent_given", _("gav samtycke för")
        RECORDED_CONSENT = "consent_recorded", _("skrev in samtycket på papper för")
        WITHDREW_CONSENT = "consent_withdrawn", _("tog tillbaka samtycket för")
        ENDED = "contact_ended", _("avslutade kontakten")
        ADDED_LETTER = "letter_added", _("lade till ett brev")
        READ_LETTER = "letter_read", _("Brevet är läst:")
        CORRECTED_LETTER = "letter_corrected", _("rättade det som lästes i brevet från")
        LETTER_TASKS = "letter_tasks", _("lade in uppgifter från brevet från")
        REMOVED_LETTER = "letter_removed", _("tog bort brevet från")
        REMOVED_ASSIGNMENT = "assignment_removed", _("tog bort uppdraget")
        FIRST_ASSIGNMENT = "assignment_first", _("satte överst, som det viktigaste nu:")
        MOVED_ASSIGNMENT = "assignment_moved", _("flyttade uppdraget")
        ADDED_NETWORK = "network_added", _("lade till i nätverket:")
        CHANGED_NETWORK = "network_changed", _("ändrade i nätverket:")
        REMOVED_NETWORK = "network_removed", _("tog bort från nätverket:")
        PROPOSED_ENDING = "ending_proposed", _("föreslog att avsluta kontakten:")
        PROPOSED_MOVE = "move_proposed", _("föreslog ett nytt ombud:")
        ANSWERED_PROPOSAL = "proposal_answered", _("svarade på förslaget:")
        WITHDREW_PROPOSAL = "proposal_withdrawn", _("tog tillbaka förslaget")
        CHANGED_OMBUD = "ombud_changed", _("bytte ombud till")
        ADDED_STAND_IN = "stand_in_added", _("lade till en ersättare:")
        REMOVED_STAND_IN = "stand_in_removed", _("tog bort ersättaren")
        DECLINED_STAND_IN = "stand_in_declined", _("sa nej till ersättaren")
        RESTORED_TASK = "task_restored", _("ångrade och tog tillbaka uppgiften")
        RESTORED_CONSENT = "consent_restored", _("ångrade och gav tillbaka samtycket för")

    # Verbs that create their object: the phone adds a new row for these, and replaces
    # the existing row for every other verb.
    ADDING = frozenset(
        {
            Verb.ADDED_ASSIGNMENT,
            Verb.ADDED_TASK,
            Verb.ADDED_MEETING,
            Verb.COMMENTED,
            Verb.SENT_MESSAGE,
            Verb.ADDED_LETTER,
            Verb.RESTORED_TASK,  # back on the plan: appended like a new row
        }
    )
    # Messaging is not a change to the plan, so it stays out of "who changed what"; nor
    # is the app's own reading of a letter (nobody did it).
    PLAN_VERBS = frozenset(set(Verb) - {Verb.SENT_MESSAGE, Verb.READ_MESSAGES, Verb.READ_LETTER})

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=30, choices=Verb.choices)
    subject = models.CharField(max_length=300, blank=True)
    # What the event is about: "task", "meeting", "message", … and its id (which may
    # since have been deleted).
    object_kind = models.CharField(max_length=20, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seq"]
        constraints = [models.UniqueConstraint(fields=["contact", "seq"], name="one_event_per_seq")]

    def __str__(self) -> str:
        return f"Event {self.seq} of contact {self.contact_id}"
