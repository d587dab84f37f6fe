"""The record: what people enter and decide, in SQLite (embedded) or PostgreSQL (by URL).

Accounts, sessions, the audit trail, settings, strategies and their progress updates,
BCF plans and returns, meetings, resolutions and actions. Many writers at once: every
edit is one transaction with its audit row; ids come from the database.
"""

from hwb.store.record.database import Conflict, Record, open_record

__all__ = ["Conflict", "Record", "open_record"]
