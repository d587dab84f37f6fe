"""The audit trail, for admins."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from hwb.store.record import Record, audit
from hwb.web.access import require_role
from hwb.web.auth import User
from hwb.web.db import get_record
from hwb.web.templating import render

router = APIRouter()
PAGE = 50


@router.get("/admin/audit")
def audit_trail(request: Request, entity_type: str = Query("", max_length=40), page: int = Query(1, ge=1, le=1_000_000),
                record: Record = Depends(get_record), user: User = Depends(require_role("admin"))):
    kind = entity_type or None
    with record.read() as conn:
        total = audit.count(conn, entity_type=kind)
        pages = max(1, -(-total // PAGE))
        page = min(page, pages)
        return render(request, "audit.html", {
            "entries": audit.entries(conn, entity_type=kind, limit=PAGE, offset=(page - 1) * PAGE),
            "types": audit.entity_types(conn), "entity_type": entity_type, "page": page,
            "pages": pages, "total": total,
        })
