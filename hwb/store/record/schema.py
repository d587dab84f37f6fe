"""The record's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Ids are identity columns; rows users edit carry a `version` for optimistic locking.
A change to these tables needs a migration in hwb.store.record.migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint, func,
)

metadata = MetaData()


def _id(name: str) -> Column:
    return Column(name, Integer, primary_key=True, autoincrement=True)


def _stamp(name: str) -> Column:
    return Column(name, DateTime, nullable=False, server_default=func.current_timestamp())


schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    _stamp("applied_at"),
)

settings = Table(
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    _stamp("created_at"),
)

sessions = Table(
    "sessions", metadata,
    Column("session_id", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    _stamp("created_at"),
    Column("expires_at", DateTime, nullable=False),
)

login_failures = Table(
    "login_failures", metadata,
    _id("failure_id"),
    Column("username", String(200), nullable=False),
    Column("client", String(100), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    Index("ix_login_failures_username", "username", "failed_at"),
    sqlite_autoincrement=True,
)

audit_log = Table(
    "audit_log", metadata,
    _id("audit_id"),
    _stamp("changed_at"),
    Column("username", String(64), nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity_type", String(40), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("before_json", Text),
    Column("after_json", Text),
    sqlite_autoincrement=True,
)

strategies = Table(
    "strategies", metadata,
    Column("strategy_id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("area_code", String(20), nullable=False),
    Column("area_name", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("source", Text),
    Column("dashboard", JSON),
    Column("health_protection", JSON),
    Column("version", Integer, nullable=False, default=1),
    _stamp("saved_at"),
)

strategy_sections = Table(
    "strategy_sections", metadata,
    Column("strategy_id", String(100), primary_key=True),
    Column("section_id", String(100), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("parent_id", String(100), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False),
    Column("code", String(50), nullable=False, default=""),
    Column("name", Text, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("key_area_of_focus", Text, nullable=False, default=""),
    Column("delivery_group", Text, nullable=False, default=""),
)

success_measures = Table(
    "success_measures", metadata,
    Column("strategy_id", String(100), primary_key=True),
    Column("section_id", String(100), primary_key=True),
    Column("sort_order", Integer, primary_key=True),
    Column("description", Text, nullable=False, default=""),
    Column("indicator_id", String(100), nullable=False, default=""),
    Column("kpi", Text, nullable=False, default=""),
)

progress_updates = Table(
    "progress_updates", metadata,
    _id("update_id"),
    Column("strategy_id", String(100), nullable=False),
    Column("target", String(100), nullable=False),
    Column("update_date", Date, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("progress", Text, nullable=False, default=""),
    Column("next_steps", Text, nullable=False, default=""),
    Column("challenges", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False),          # draft | published
    Column("version", Integer, nullable=False, default=1),
    Column("saved_by", String(64), nullable=False),
    _stamp("saved_at"),
    Index("ix_progress_updates_target", "strategy_id", "target"),
    sqlite_autoincrement=True,
)

# Every earlier version of an update, written in the transaction that replaces it.
progress_update_versions = Table(
    "progress_update_versions", metadata,
    _id("history_id"),
    Column("update_id", Integer, ForeignKey("progress_updates.update_id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("update_date", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("progress", Text, nullable=False),
    Column("next_steps", Text, nullable=False),
    Column("challenges", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("saved_by", String(64), nullable=False),
    Column("saved_at", DateTime, nullable=False),
    UniqueConstraint("update_id", "version"),
    sqlite_autoincrement=True,
)

# A BCF plan or year-end return: its single-valued fields as JSON, its lists as items.
bcf_returns = Table(
    "bcf_returns", metadata,
    _id("return_id"),
    Column("hwb_code", String(20), nullable=False),
    Column("year", String(10), nullable=False),
    Column("kind", String(20), nullable=False),            # plan | year_end
    Column("hwb_name", Text, nullable=False),
    Column("header", JSON, nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("imported_version", Integer, nullable=False, default=1),
    _stamp("saved_at"),
    UniqueConstraint("hwb_code", "year", "kind"),
    sqlite_autoincrement=True,
)

bcf_items = Table(
    "bcf_items", metadata,
    _id("item_id"),
    Column("return_id", Integer, ForeignKey("bcf_returns.return_id"), nullable=False),
    Column("part", String(100), nullable=False),           # the model's attribute path, e.g. income.lines
    Column("seq", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("return_id", "part", "seq"),
    sqlite_autoincrement=True,
)

meetings = Table(
    "meetings", metadata,
    _id("meeting_id"),
    Column("board", Text, nullable=False),
    Column("meeting_date", Date, nullable=False),
    Column("data", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("board", "meeting_date"),
    sqlite_autoincrement=True,
)

# Agenda items, resolutions and board papers of a meeting, one row each, as the model's JSON.
# `imported_version` is the version an import last wrote (NULL: entered in the web); a row whose
# version has moved past it was edited, and an import leaves it alone.
meeting_items = Table(
    "meeting_items", metadata,
    _id("item_id"),
    Column("meeting_id", Integer, ForeignKey("meetings.meeting_id"), nullable=False),
    Column("kind", String(30), nullable=False),            # agenda | resolution | paper
    Column("reference", String(200), nullable=False),      # item number, or minute and part
    Column("data", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("imported_version", Integer),
    UniqueConstraint("meeting_id", "kind", "reference"),
    sqlite_autoincrement=True,
)

# What the board asked for; `import_key` is the reference an import gave it (NULL: entered in the web).
board_actions = Table(
    "board_actions", metadata,
    _id("action_id"),
    Column("import_key", String(300), unique=True),
    Column("reference", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("raised_on", Date),
    Column("owner", Text, nullable=False, default=""),
    Column("due", Date),
    Column("status", String(20), nullable=False),
    Column("due_note", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("imported_version", Integer),
    Column("saved_by", String(64), nullable=False),
    _stamp("saved_at"),
    sqlite_autoincrement=True,
)
