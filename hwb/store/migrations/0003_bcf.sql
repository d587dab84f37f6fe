-- Better Care Fund: plan years and year-end returns per Health and Wellbeing Board.
-- Child tables carry (hwb_code, year, part, seq): `part` says which section of which
-- template a row belongs to and `seq` keeps the template's row order.

CREATE TABLE bcf_plans (
    hwb_code              VARCHAR NOT NULL,
    year                  VARCHAR NOT NULL,   -- '2026-27'
    hwb_name              VARCHAR NOT NULL,
    signed_off            VARCHAR NOT NULL DEFAULT '',
    delay_reason          VARCHAR NOT NULL DEFAULT '',
    expected_signoff      VARCHAR NOT NULL DEFAULT '',
    submitted_by          VARCHAR NOT NULL DEFAULT '',
    role_and_organisation VARCHAR NOT NULL DEFAULT '',
    email                 VARCHAR NOT NULL DEFAULT '',
    phone                 VARCHAR NOT NULL DEFAULT '',
    documents             VARCHAR NOT NULL DEFAULT '',
    additional_la         VARCHAR NOT NULL DEFAULT '',
    additional_nhs        VARCHAR NOT NULL DEFAULT '',
    comments              VARCHAR NOT NULL DEFAULT '',
    asc_minimum           DOUBLE,
    PRIMARY KEY (hwb_code, year)
);

CREATE TABLE bcf_people (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    section VARCHAR NOT NULL, role VARCHAR NOT NULL, title VARCHAR NOT NULL, first_name VARCHAR NOT NULL,
    surname VARCHAR NOT NULL, email VARCHAR NOT NULL, organisation VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_income_lines (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    source VARCHAR NOT NULL, contributor VARCHAR NOT NULL, amount DOUBLE, comment VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_dfg_districts (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    name VARCHAR NOT NULL, amount DOUBLE,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_schemes (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    number INTEGER, category VARCHAR NOT NULL, description VARCHAR NOT NULL,
    source VARCHAR NOT NULL, "asc" VARCHAR NOT NULL, amount DOUBLE,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_metric_points (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    metric VARCHAR NOT NULL, kind VARCHAR NOT NULL, period VARCHAR NOT NULL, label VARCHAR NOT NULL,
    basis VARCHAR NOT NULL, count DOUBLE, denominator DOUBLE, proportion DOUBLE, days DOUBLE,
    published DOUBLE,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_assurances (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    condition VARCHAR NOT NULL, statement VARCHAR NOT NULL, answer VARCHAR NOT NULL,
    actions VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, requirement VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_narrative (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    number INTEGER NOT NULL, question VARCHAR NOT NULL, answer VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_year_ends (
    hwb_code           VARCHAR NOT NULL,
    year               VARCHAR NOT NULL,
    hwb_name           VARCHAR NOT NULL,
    completed_by       VARCHAR NOT NULL DEFAULT '',
    email              VARCHAR NOT NULL DEFAULT '',
    phone              VARCHAR NOT NULL DEFAULT '',
    signed_off         VARCHAR NOT NULL DEFAULT '',
    signoff_expected   VARCHAR NOT NULL DEFAULT '',
    dfg_actual         DOUBLE,
    eoy_expenditure    DOUBLE,
    change_explanation VARCHAR NOT NULL DEFAULT '',
    successes          VARCHAR NOT NULL DEFAULT '',
    challenges         VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (hwb_code, year)
);

CREATE TABLE bcf_year_end_income (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    source VARCHAR NOT NULL, planned DOUBLE, updated DOUBLE,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_year_end_summary (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    metric VARCHAR NOT NULL, target VARCHAR NOT NULL, actual VARCHAR NOT NULL, commentary VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);

CREATE TABLE bcf_metric_assessments (
    hwb_code VARCHAR NOT NULL, year VARCHAR NOT NULL, part VARCHAR NOT NULL, seq INTEGER NOT NULL,
    metric VARCHAR NOT NULL, assessment VARCHAR NOT NULL, note VARCHAR NOT NULL,
    PRIMARY KEY (hwb_code, year, part, seq)
);
