-- Which indicators each import carried, so an indicator's page can list its imports
-- (NULL for imports logged before). The table is rebuilt rather than altered: DuckDB cannot
-- replay an ALTER TABLE ADD COLUMN on a table with a current_timestamp default from its WAL.
CREATE TABLE imports_v2 (
    file          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    rows          INTEGER NOT NULL,
    imported_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    indicator_ids VARCHAR[]
);
INSERT INTO imports_v2 SELECT file, sha256, kind, rows, imported_at, NULL FROM imports;
DROP TABLE imports;
ALTER TABLE imports_v2 RENAME TO imports;
