-- Web dashboard: accounts, server-side sessions, the audit trail and deployment settings.

CREATE TABLE users (
    username      VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,          -- Argon2id (argon2-cffi)
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The signed session cookie carries only the session id; deleting the row logs out.
CREATE TABLE sessions (
    session_id VARCHAR PRIMARY KEY,
    username   VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    expires_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_log_seq START 1;

CREATE TABLE audit_log (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
    changed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    username    VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,   -- create | update | delete | login | ...
    entity_type VARCHAR NOT NULL,   -- progress_update | bcf_plan | user | ...
    entity_id   VARCHAR NOT NULL,
    before_json VARCHAR,            -- NULL when the entity did not exist
    after_json  VARCHAR             -- NULL when the entity was removed
);

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,      -- secret_key | require_login | ...
    value VARCHAR NOT NULL
);

-- Progress updates saved from the web as drafts: shown to signed-in users only until
-- an editor publishes them (the row is then deleted). Updates loaded from a strategy
-- file come from published board papers and are never drafts.
CREATE TABLE progress_drafts (
    strategy_id VARCHAR NOT NULL,
    update_id   INTEGER NOT NULL,
    PRIMARY KEY (strategy_id, update_id)
);
