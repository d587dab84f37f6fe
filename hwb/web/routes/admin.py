"""The audit trail, for admins."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from hwb.store.connection import Store
from hwb.web import audit
from hwb.web.access import require_role
from hwb.web.auth import User
from hwb.web.db import get_store
from hwb.web.templating import render

router = APIRouter()
PAGE = 50


@router.get("/admin/audit")
def audit_trail(request: Request, entity_type: str = "", page: int = Query(1, ge=1),
                store: Store = Depends(get_store), user: User = Depends(require_role("admin"))):
    kind = entity_type or None
    total = audit.count(store, entity_type=kind)
    return render(request, "audit.html", {
        "entries": audit.entries(store, entity_type=kind, limit=PAGE, offset=(page - 1) * PAGE),
        "types": audit.entity_types(store), "entity_type": entity_type, "page": page,
        "pages": max(1, -(-total // PAGE)), "total": total,
    })
