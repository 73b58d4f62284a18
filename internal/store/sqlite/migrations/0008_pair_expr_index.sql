-- 0008: the source+target index of 0006 keyed on the pair as one value.
-- With the country pair as two leading columns the planner skip-scanned it
-- for target-only pages after a cursor (every event of the target read
-- and sorted: 100 ms for "USA", page 2); an index on the concatenation
-- serves only the queries that name both (querier.go adds the pair term).

DROP INDEX events_pair_cc;
CREATE INDEX events_pair_cc ON events(source_cc || target_cc, current, date, id);
ANALYZE events_pair_cc;
