"""The web dashboard: FastAPI + Jinja2 pages over the store, with accounts and an audit trail."""
