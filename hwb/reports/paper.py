"""Any report as a board paper: the covering report's sections around the report's body.

`as_board_paper(doc, paper)` returns a new Document headed with the meeting, its date and the
agenda item, then Purpose, Recommendations, Policy framework and previous decisions, Timetable
for decisions (only when the paper has one), Background, the body, Resource implications,
Equality and human rights implications, Circulation, Officer to contact, Appendices, Actions
from previous meetings and the key to the marks, then the body's appendix sections. Empty
fields of the paper take the defaults below.
"""

from __future__ import annotations

from datetime import date

from hwb.board.model import Action, BoardPaper, Officer
from hwb.reports.document import BulletList, Cell, Document, Paragraph, Section, Table, text_blocks
from hwb.reports.key import key_section

NONE_RECORDED = "None recorded for this report."
ACTIONS_HEADER = ["Reference", "Action", "Owner", "Due", "Status"]
ACTION_WIDTHS = [18, 44, 14, 12, 12]


def long_date(day: date) -> str:
    return f"{day:%-d %B %Y}"


def meeting_line(paper: BoardPaper) -> str:
    """'Health and Wellbeing Board · 15 June 2026 · Agenda item 6'."""
    return f"{paper.meeting.name} · {long_date(paper.meeting.date)} · Agenda item {paper.item}"


def _text_section(title: str, text: str, default: str) -> Section:
    section = Section(title)
    section.add(*(text_blocks(text) if text.strip() else [Paragraph(default)]))
    return section


def recommendations_lead(paper: BoardPaper) -> str:
    """How the recommendations open: 'The Health and Wellbeing Board is asked to:' before
    'Note the report', and 'It is recommended that:' before a recommendation written as a clause
    ('The performance ... be noted;'), as the covering reports themselves put it."""
    clauses = any(r.strip().split(" ", 1)[0] in ("The", "That") for r in paper.recommendations)
    return "It is recommended that:" if clauses else f"The {paper.meeting.name} is asked to:"


def _recommendations(paper: BoardPaper) -> Section:
    section = Section("Recommendations")
    wanted = paper.recommendations or ["note the report."]
    section.add(Paragraph(recommendations_lead(paper)))
    section.add(BulletList([r.strip() for r in wanted]))
    return section


def officer_lines(officer: Officer) -> list[str]:
    lines = [officer.name + (f", {officer.job_title}" if officer.job_title else "")]
    if officer.telephone:
        lines.append(f"Telephone: {officer.telephone}")
    if officer.email:
        lines.append(f"Email: {officer.email}")
    return lines


def _officers(paper: BoardPaper) -> Section:
    section = Section("Officer to contact")
    if not paper.officers:
        return section.add(Paragraph("No officer is named for this report."))
    for officer in paper.officers:
        lines = officer_lines(officer)
        section.add(Paragraph(lines[0], "label"), *[Paragraph(line) for line in lines[1:]])
    return section


def _appendices(paper: BoardPaper, body: Document) -> Section:
    section = Section("Appendices")
    names = paper.appendices or [s.title for s in body.sections if s.appendix]
    section.add(BulletList(names) if names else Paragraph("There are no appendices to this report."))
    if paper.background_papers:
        section.add(Paragraph("Background papers", "label"), BulletList(paper.background_papers))
    return section


def due_text(action: Action) -> str:
    if action.due is None:
        return action.due_note or "No date set"
    return long_date(action.due) + (f" ({action.due_note})" if action.due_note else "")


def action_status(action: Action, on: date) -> str:
    """The recorded status, with 'overdue' when an open action's date has passed by `on`."""
    if action.status in ("Open", "In progress") and action.due is not None and action.due < on:
        return f"{action.status}: overdue"
    return action.status


def actions_section(actions: list[Action], on: date) -> Section:
    """The actions table and a sentence saying how many are open and what falls due."""
    section = Section("Actions from previous meetings")
    if not actions:
        return section.add(Paragraph("No actions from previous meetings are recorded."))
    open_ = [a for a in actions if a.status in ("Open", "In progress")]
    overdue = [a for a in open_ if a.due is not None and a.due < on]
    dated = sorted((a for a in open_ if a.due is not None and a.due >= on), key=lambda a: a.due)
    sentence = f"{len(open_)} of {len(actions)} actions are open at {long_date(on)}"
    sentence += f"; {len(overdue)} overdue" if overdue else "; none is overdue"
    if dated:
        sentence += f"; the next falls due on {long_date(dated[0].due)} ({dated[0].text.rstrip('.')})"
    section.add(Paragraph(sentence + ".", "summary"))
    rows = [[Cell(a.reference), Cell(a.text), Cell(a.owner or "Not named in the minutes"),
             Cell(due_text(a)), Cell(action_status(a, on))] for a in actions]
    section.add(Table([ACTIONS_HEADER], rows, caption="Actions from previous meetings",
                      sheet_name="Actions from previous meetings", widths=ACTION_WIDTHS))
    return section


def _author(report_of: str) -> str:
    """'Report of the Staying Healthy Partnership' -> 'Staying Healthy Partnership'."""
    text = report_of.strip()
    for lead in ("report of the ", "report of "):
        if text.lower().startswith(lead):
            return text[len(lead):]
    return text


def as_board_paper(doc: Document, paper: BoardPaper) -> Document:
    """`doc` as the board paper `paper` describes (see the module docstring for the order)."""
    body = [s for s in doc.sections if not s.appendix]
    appendices = [s for s in doc.sections if s.appendix]
    opening = [
        _text_section("Purpose of the report", paper.purpose,
                      f"To present {doc.title[0].lower() + doc.title[1:]} to the {paper.meeting.name}."),
        _recommendations(paper),
        _text_section("Policy framework and previous decisions", paper.policy_framework, NONE_RECORDED),
        *([_text_section("Timetable for decisions", paper.timetable, "")] if paper.timetable.strip() else []),
        _text_section("Background", paper.background, NONE_RECORDED),
    ]
    closing = [
        _text_section("Resource implications", paper.resource_implications, NONE_RECORDED),
        _text_section("Equality and human rights implications", paper.equality_implications, NONE_RECORDED),
        _text_section("Circulation under the local issues alert procedure", paper.circulation, "None."),
        _officers(paper),
        _appendices(paper, doc),
        actions_section(paper.actions, paper.meeting.date),
    ]
    key = key_section(doc)
    subtitle = meeting_line(paper)
    if paper.report_of:
        subtitle += f" · {paper.report_of}"
    return Document(
        title=paper.title,
        subtitle=subtitle,
        sections=[*opening, *body, *closing, *([key] if key else []), *appendices],
        footer=f"{paper.meeting.name} · {long_date(paper.meeting.date)} · Item {paper.item}",
        author=_author(paper.report_of) or doc.author,
        subject=doc.subject or doc.title,
        dated=paper.meeting.date,
    )
