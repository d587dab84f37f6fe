-- The Joint Local Health and Wellbeing Strategy: its hierarchy, success measures and
-- dated progress updates. Layouts of the dashboard and the health-protection appendix
-- are kept as JSON on the strategy (they are report configuration, not facts).

CREATE TABLE strategies (
    strategy_id       VARCHAR PRIMARY KEY,
    title             VARCHAR NOT NULL,
    area_code         VARCHAR NOT NULL,
    area_name         VARCHAR NOT NULL,
    schema_version    INTEGER NOT NULL,
    source            VARCHAR,
    dashboard         JSON,
    health_protection JSON,
    saved_at          TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Every node of the hierarchy: delivery_group | priority | priority_area | commitment
-- | action | cross_cutting | workstream. Actions are keyed by their code (e.g. D3.1).
CREATE TABLE strategy_sections (
    strategy_id       VARCHAR NOT NULL,
    section_id        VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    parent_id         VARCHAR NOT NULL DEFAULT '',
    sort_order        INTEGER NOT NULL,
    code              VARCHAR NOT NULL DEFAULT '',
    name              VARCHAR NOT NULL,
    text              VARCHAR NOT NULL DEFAULT '',
    key_area_of_focus VARCHAR NOT NULL DEFAULT '',
    delivery_group    VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (strategy_id, section_id)
);

CREATE TABLE success_measures (
    strategy_id  VARCHAR NOT NULL,
    section_id   VARCHAR NOT NULL,
    sort_order   INTEGER NOT NULL,
    description  VARCHAR NOT NULL DEFAULT '',
    indicator_id VARCHAR NOT NULL DEFAULT '',
    kpi          VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (strategy_id, section_id, sort_order)
);

CREATE TABLE progress_updates (
    strategy_id VARCHAR NOT NULL,
    update_id   INTEGER NOT NULL,
    target      VARCHAR NOT NULL,   -- section_id of a commitment, action or workstream
    update_date DATE NOT NULL,
    title       VARCHAR NOT NULL DEFAULT '',
    progress    VARCHAR NOT NULL DEFAULT '',
    next_steps  VARCHAR NOT NULL DEFAULT '',
    challenges  VARCHAR NOT NULL DEFAULT '',
    source      VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (strategy_id, update_id)
);
