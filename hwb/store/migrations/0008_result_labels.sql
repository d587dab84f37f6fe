-- The results' labels as enumerations: each is stored as a one-byte number instead of its text,
-- which cuts the cost of writing them about threefold (the build writes every row's five labels).
-- Readers see the same text. The lists are hwb/methods/labels.py's and quantiles.py's labels, in
-- their order there (tests/engine/test_result_labels.py checks them): a new label needs a migration.
-- The types are written out in each column rather than named (CREATE TYPE): DuckDB 1.5 cannot
-- replay a write-ahead log that names a type, so a store whose writer was killed would not open.
ALTER TABLE results ALTER compared_to_england TYPE ENUM (
    'Better', 'Similar', 'Worse', 'Higher', 'Lower', 'Not compared',
    'Lowest quintile', 'Low quintile', 'Middle quintile', 'High quintile', 'Highest quintile'
);
ALTER TABLE results ALTER compared_to_parent TYPE ENUM (
    'Better', 'Similar', 'Worse', 'Higher', 'Lower', 'Not compared',
    'Lowest quintile', 'Low quintile', 'Middle quintile', 'High quintile', 'Highest quintile'
);
ALTER TABLE results ALTER compared_to_goal TYPE ENUM ('Red', 'Amber', 'Green');
ALTER TABLE results ALTER recent_trend TYPE ENUM (
    'Increasing', 'Increasing and getting better', 'Increasing and getting worse',
    'Decreasing', 'Decreasing and getting better', 'Decreasing and getting worse',
    'No significant change', 'Cannot be calculated'
);
ALTER TABLE results ALTER quintile TYPE ENUM (
    'Lowest quintile', 'Low quintile', 'Middle quintile', 'High quintile', 'Highest quintile'
);
