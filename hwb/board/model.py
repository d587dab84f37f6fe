"""Meetings, agenda items, resolutions, actions and board papers as plain dataclasses.

These are what a committee officer enters (or imports) about the board's business;
the report builders take them as arguments and never read them from a store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTION_STATUSES = ("Open", "In progress", "Done", "Superseded")


@dataclass(frozen=True)
class Meeting:
    name: str  # e.g. "Health and Wellbeing Board"
    date: date
    venue: str = ""
    time: str = ""  # as printed, e.g. "2.00 pm"


@dataclass(frozen=True)
class AgendaItem:
    meeting_date: date
    number: str  # "6"; a minute number such as "50" in minutes
    title: str
    report_by: str = ""


@dataclass(frozen=True)
class Resolution:
    """One resolution of a minute, as printed: minute 50, part "(c)"."""

    meeting_date: date
    minute: str
    item_title: str
    text: str
    part: str = ""  # "(a)", "(b)" ... or "" for a single resolution


@dataclass(frozen=True)
class Action:
    """Something the board asked for: who does it, by when, and where it stands."""

    reference: str  # e.g. "26 February 2026, minute 50"
    text: str
    raised_on: date | None = None  # the meeting that asked for it
    owner: str = ""  # empty when the minutes name no one
    due: date | None = None
    status: str = "Open"
    due_note: str = ""  # how the minutes put the deadline, e.g. "in one year's time"


@dataclass(frozen=True)
class Officer:
    name: str
    job_title: str = ""
    telephone: str = ""
    email: str = ""


@dataclass
class BoardPaper:
    """The covering report that makes a document a board paper. Empty fields take defaults
    when the paper is rendered (see hwb.reports.paper)."""

    meeting: Meeting
    item: str
    title: str
    report_of: str = ""  # "Report of the Staying Healthy Partnership"
    purpose: str = ""
    recommendations: list[str] = field(default_factory=list)
    policy_framework: str = ""  # policy framework and previous decisions
    timetable: str = ""  # timetable for decisions; a paper without one prints no such section
    background: str = ""
    resource_implications: str = ""
    equality_implications: str = ""  # equality and human rights implications
    circulation: str = ""  # circulation under the local issues alert procedure
    officers: list[Officer] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    background_papers: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)  # actions from previous meetings


@dataclass
class BoardBusiness:
    """Everything recorded about the board's meetings, as one file or store holds it."""

    meetings: list[Meeting] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    papers: list[BoardPaper] = field(default_factory=list)

    def meeting(self, day: date) -> Meeting:
        for m in self.meetings:
            if m.date == day:
                return m
        raise LookupError(f"no meeting on {day:%-d %B %Y}")

    def actions_before(self, day: date) -> list[Action]:
        """Actions raised at meetings before `day`: the next pack's 'Actions from previous meetings'."""
        return [a for a in self.actions if a.raised_on is None or a.raised_on < day]

    def falling_due(self, start: date, end: date) -> list[Action]:
        """Open actions due from `start` up to and including `end` (reminders), soonest first."""
        due = [a for a in self.actions if a.status in ("Open", "In progress") and a.due and start <= a.due <= end]
        return sorted(due, key=lambda a: a.due)

    def paper(self, item: str, day: date | None = None) -> BoardPaper:
        """The paper for agenda `item` (at the meeting on `day`, else the latest), carrying the
        actions from previous meetings."""
        found = [p for p in self.papers if p.item == item and (day is None or p.meeting.date == day)]
        if not found:
            raise LookupError(f"no board paper for agenda item {item}")
        paper = max(found, key=lambda p: p.meeting.date)
        paper.actions = self.actions_before(paper.meeting.date)
        return paper
