-- 0006: indexes and a roll-up for the query kinds that were slow on a
-- store of 1M events (bench query), each checked with EXPLAIN QUERY PLAN.

-- A parameter never proves "country <> ''", so the planner could not use
-- the partial country indexes of 0002; these are whole.
DROP INDEX events_country;
DROP INDEX events_country_gold;
CREATE INDEX events_country ON events(country, current, date, id);
CREATE INDEX events_country_gold ON events(country, current, goldstein, id);

-- Box queries: the grid-cell scan reads lon/lat from the index (no row
-- lookups for the places outside the box), and the newest events with a
-- place can be scanned in date order for a box holding many events.
DROP INDEX events_cell;
CREATE INDEX events_cell ON events(cell, current, date, id, lon, lat) WHERE cell IS NOT NULL;
CREATE INDEX events_ll ON events(current, date, id, lon, lat) WHERE lat IS NOT NULL;

-- Two-filter lists in date order.
CREATE INDEX events_quad ON events(current, quad, date, id);
CREATE INDEX events_root_cc ON events(root, country, current, date, id);
CREATE INDEX events_pair_cc ON events(source_cc, target_cc, current, date, id);

-- Actor pairs over a date range: a covering scan of the range.
CREATE INDEX events_date_pair ON events(current, date, source_code, target_code);

-- Countries over a date range, and without one.
CREATE INDEX agg_cc_day ON agg_cc(day, quad, country, root, n);

CREATE TABLE agg_cc_total (
	country TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (country, root, quad)
) WITHOUT ROWID;
INSERT INTO agg_cc_total(country, root, quad, n)
	SELECT country, root, quad, sum(n) FROM agg_cc GROUP BY country, root, quad;

ANALYZE;
