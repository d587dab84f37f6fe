-- Fingertips indicator metadata, area hierarchy with several parents, and neighbour groups.

-- How an indicator is benchmarked: 'confidence_interval' (at comparison_confidence: 95 or 99.8),
-- 'quintiles' (the area's quintile among areas of its type), or 'none' (never compared).
ALTER TABLE indicators ADD COLUMN comparison_method VARCHAR DEFAULT 'confidence_interval';
ALTER TABLE indicators ADD COLUMN rationale VARCHAR;
ALTER TABLE indicators ADD COLUMN data_source VARCHAR;
ALTER TABLE indicators ADD COLUMN caveats VARCHAR;
-- Where value type, unit, polarity and comparison method came from: the publisher's metadata
-- (with its download date) or inference from a data download (saying which rule).
ALTER TABLE indicators ADD COLUMN metadata_source VARCHAR;

-- Every parent an area has, by the parent's type: a district's county and region, a county's
-- region and integrated care board. areas.parent_code stays the one parent used for comparison.
CREATE TABLE area_parents (
    area_code   VARCHAR NOT NULL,
    parent_type VARCHAR NOT NULL,   -- Region | County & UA | ICB | England | ...
    parent_code VARCHAR NOT NULL,
    source      VARCHAR,
    PRIMARY KEY (area_code, parent_type)
);

ALTER TABLE areas ADD COLUMN source VARCHAR;

-- Where each neighbour group comes from (for example "CIPFA nearest neighbours" from the
-- Fingertips API on a given date); groups not published are absent, never invented.
CREATE TABLE neighbour_groups (
    group_name VARCHAR PRIMARY KEY,
    source     VARCHAR NOT NULL
);
