"""What a letter suggests for the plan: a few short tasks in plain Swedish, which the
client confirms or changes before they enter the plan. Pure: no database."""

import datetime
from dataclasses import dataclass

from portal.letters.understand import COMPLETION, DECISION, INFORMATION, NOTICE, PAYMENT

CLIENT = "client"
OMBUD = "ombud"


@dataclass(frozen=True)
class Suggestion:
    what: str
    who: str  # "client" or "ombud" (portal.models.Who)
    due: datetime.date | None
    # The organisation the task involves (for the ombud's "Samtycke saknas"), or "".
    organisation: str = ""


def suggested_tasks(
    *,
    kind: str,
    sender: str,
    organisation: str,
    deadline: datetime.date | None,
    meeting_at: datetime.datetime | None,
    amount: str,
    ombud_name: str,
) -> list[Suggestion]:
    """The tasks to offer for a letter of this kind. The dates come from the letter,
    so they are only as sure as the card says they are; the client sees them first."""
    them = sender or "avsändaren"
    read_together = Suggestion(f"Läsa brevet med {ombud_name}", CLIENT, None)
    if kind == DECISION:
        tasks = [Suggestion(f"Läsa beslutet med {ombud_name}", CLIENT, None)]
        if deadline:
            tasks.append(
                Suggestion("Överklaga beslutet, om du vill", CLIENT, deadline, organisation)
            )
        return tasks
    if kind == COMPLETION:
        return [
            Suggestion(f"Ta fram det {them} vill ha, med {ombud_name}", CLIENT, None),
            Suggestion(f"Skicka kompletteringen till {them}", CLIENT, deadline, organisation),
        ]
    if kind == NOTICE:
        tasks = [
            Suggestion(
                f"Gå på mötet hos {them}",
                CLIENT,
                meeting_at.date() if meeting_at else None,
                organisation,
            )
        ]
        if deadline and (meeting_at is None or deadline < meeting_at.date()):
            tasks.append(
                Suggestion(f"Säga till {them} om du inte kan komma", CLIENT, deadline, organisation)
            )
        return tasks
    if kind == PAYMENT:
        money = f" {amount}" if amount else ""
        return [
            Suggestion(f"Gå igenom kravet med {ombud_name}", CLIENT, None),
            Suggestion(f"Betala{money} eller ringa {them}", CLIENT, deadline, organisation),
        ]
    if kind == INFORMATION or not kind:
        tasks = [read_together]
        if deadline:
            tasks.append(Suggestion(f"Svara {them}", CLIENT, deadline, organisation))
        return tasks
    return [read_together]
