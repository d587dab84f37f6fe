-- Core indicator tables. Key parts that may be absent are '' (never NULL) so that
-- primary keys work and re-imports replace rather than duplicate.

CREATE TABLE indicators (
    indicator_id          VARCHAR PRIMARY KEY,
    name                  VARCHAR NOT NULL,
    value_type            VARCHAR NOT NULL,   -- proportion | crude_rate | dsr | isr | mean | count | other
    multiplier            DOUBLE  NOT NULL DEFAULT 1,
    unit                  VARCHAR,
    polarity              VARCHAR NOT NULL,   -- high_is_good | low_is_good | no_judgement
    comparison_confidence DOUBLE  NOT NULL DEFAULT 95,  -- 95 or 99.8
    goal_lower            DOUBLE,
    goal_upper            DOUBLE,
    source                VARCHAR,
    definition            VARCHAR
);

CREATE TABLE areas (
    area_code   VARCHAR PRIMARY KEY,
    area_name   VARCHAR NOT NULL,
    area_type   VARCHAR NOT NULL,   -- England | Region | County & UA | District & UA | ...
    parent_code VARCHAR
);

CREATE TABLE neighbours (
    area_code      VARCHAR NOT NULL,
    neighbour_code VARCHAR NOT NULL,
    group_name     VARCHAR NOT NULL DEFAULT 'CIPFA nearest neighbours',
    PRIMARY KEY (area_code, neighbour_code, group_name)
);

CREATE TABLE data_points (
    indicator_id  VARCHAR NOT NULL,
    area_code     VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    sex           VARCHAR NOT NULL DEFAULT '',
    age           VARCHAR NOT NULL DEFAULT '',
    category_type VARCHAR NOT NULL DEFAULT '',
    category      VARCHAR NOT NULL DEFAULT '',
    count         DOUBLE,
    denominator   DOUBLE,
    value         DOUBLE,
    lower_95      DOUBLE,
    upper_95      DOUBLE,
    lower_998     DOUBLE,
    upper_998     DOUBLE,
    sd            DOUBLE,             -- standard deviation, for means
    value_note    VARCHAR,
    period_sort   INTEGER NOT NULL,   -- first year of the period unless given
    period_years  INTEGER NOT NULL,   -- 1 for an annual period; 3 for "2021 - 23"; 0 below a year
    source        VARCHAR,
    PRIMARY KEY (indicator_id, area_code, period, sex, age, category_type, category)
);

-- Figures the seeds publish that hwb cannot recompute (e.g. a nearest-neighbour rank
-- without the neighbours' values). Shown as published, never mixed with computed ones.
CREATE TABLE published_figures (
    indicator_id  VARCHAR NOT NULL,
    area_code     VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    sex           VARCHAR NOT NULL DEFAULT '',
    age           VARCHAR NOT NULL DEFAULT '',
    category_type VARCHAR NOT NULL DEFAULT '',
    category      VARCHAR NOT NULL DEFAULT '',
    field         VARCHAR NOT NULL,   -- nn_rank | recent_trend | compared_to_england | england_value | ...
    value_text    VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    PRIMARY KEY (indicator_id, area_code, period, sex, age, category_type, category, field)
);

CREATE TABLE results (
    indicator_id        VARCHAR NOT NULL,
    area_code           VARCHAR NOT NULL,
    period              VARCHAR NOT NULL,
    sex                 VARCHAR NOT NULL,
    age                 VARCHAR NOT NULL,
    category_type       VARCHAR NOT NULL,
    category            VARCHAR NOT NULL,
    period_sort         INTEGER NOT NULL,
    period_years        INTEGER NOT NULL,
    is_latest           BOOLEAN NOT NULL,   -- latest period of this indicator/area/sex/age/category
    count               DOUBLE,
    denominator         DOUBLE,
    value               DOUBLE,
    lower_95            DOUBLE,
    upper_95            DOUBLE,
    lower_998           DOUBLE,
    upper_998           DOUBLE,
    value_note          VARCHAR,
    england_value       DOUBLE,
    parent_code         VARCHAR,
    parent_value        DOUBLE,
    compared_to_england VARCHAR NOT NULL,
    compared_to_parent  VARCHAR NOT NULL,
    compared_to_goal    VARCHAR,            -- Red | Amber | Green, NULL without a goal
    recent_trend        VARCHAR NOT NULL,
    nn_rank             INTEGER,
    nn_count            INTEGER,
    quintile            VARCHAR,
    PRIMARY KEY (indicator_id, area_code, period, sex, age, category_type, category)
);

-- One row per successful import, so an analyst can see what the store holds.
CREATE TABLE imports (
    file        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    rows        INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
