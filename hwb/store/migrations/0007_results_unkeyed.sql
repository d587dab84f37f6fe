-- The results table without its primary key. The build fills it in bulk, batch by batch,
-- and a seven-column text key cost more than half the time of writing it; the keys stay
-- unique by construction (data points are keyed) and the build checks each batch for two
-- results of one figure, which only a total given beside its own age bands could give.
CREATE TABLE results_v2 (
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
    quintile            VARCHAR
);
INSERT INTO results_v2 SELECT * FROM results;
DROP TABLE results;
ALTER TABLE results_v2 RENAME TO results;
