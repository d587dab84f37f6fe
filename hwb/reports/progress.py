"""Progress narrative: the latest updates on each commitment and workstream of a priority."""

from __future__ import annotations

from hwb.reports.document import Heading, Paragraph, Section, text_blocks
from hwb.strategy.model import Commitment, LifeCoursePriority, ProgressUpdate, Strategy


def _long_date(d) -> str:
    return f"{d:%-d %B %Y}"


def latest_updates(strategy: Strategy, target: str) -> list[ProgressUpdate]:
    """All updates on `target` made on its most recent update date, in file order."""
    updates = strategy.updates_for(target)
    if not updates:
        return []
    newest = updates[0].date
    return [u for u in strategy.progress if u.target == target and u.date == newest]


def commitment_title(c: Commitment) -> str:
    title = f"{c.code} {c.name}" if c.code else c.name
    return title + (f" (key area of focus {c.key_area_of_focus})" if c.key_area_of_focus else "")


def _update_blocks(update: ProgressUpdate, level: int) -> list:
    blocks: list = []
    if update.title:
        blocks.append(Heading(update.title, level))
    blocks.append(Paragraph(f"Update of {_long_date(update.date)}", "meta"))
    blocks.extend(text_blocks(update.progress))
    for label, text in (("Next steps", update.next_steps), ("Challenges", update.challenges)):
        if text.strip():
            blocks.append(Paragraph(label, "label"))
            blocks.extend(text_blocks(text))
    return blocks


def _target_blocks(strategy: Strategy, target: str, level: int) -> list:
    updates = latest_updates(strategy, target)
    if not updates:
        return [Paragraph("No progress update has been recorded.", "meta")]
    return [b for u in updates for b in _update_blocks(u, level)]


def progress_sections(strategy: Strategy, priority: LifeCoursePriority) -> list[Section]:
    """One section per priority area, one for the cross-cutting priorities, one for the
    priority-wide challenges and next steps (when recorded)."""
    sections = []
    for area in priority.priority_areas:
        section = Section(f"Progress: {area.name}")
        for c in area.commitments:
            section.add(Heading(commitment_title(c), 3))
            if c.text:
                section.add(Paragraph(c.text, "meta"))
            for a in c.actions:
                section.add(Paragraph(f"Action {a.code}: {a.text}", "meta"))
            section.add(*_target_blocks(strategy, c.id, 4))
        sections.append(section)
    if strategy.cross_cutting:
        section = Section("Progress: cross-cutting priorities")
        for x in strategy.cross_cutting:
            section.add(Heading(x.name, 3))
            for w in x.workstreams:
                updates = latest_updates(strategy, w.id)
                if updates and updates[0].title == w.name:
                    section.add(*[b for u in updates for b in _update_blocks(u, 4)])
                else:
                    section.add(Heading(w.name, 4), *_target_blocks(strategy, w.id, 5))
        sections.append(section)
    if latest_updates(strategy, priority.id):
        sections.append(Section("Key challenges and next steps").add(*_target_blocks(strategy, priority.id, 3)))
    return sections
