-- 0005: indexes and a roll-up for the query kinds that were slow on a
-- store of 1M events (newsgraph bench query), each checked with EXPLAIN
-- ANALYZE.

-- The newest events of an actor's country, or of a date range, carry the
-- columns a network or a pair count needs: those scans read the index
-- alone instead of one table page per event.
DROP INDEX events_src;
DROP INDEX events_tgt;
DROP INDEX events_date;
CREATE INDEX events_src ON events(source_cc, current, date, id)
	INCLUDE (source_code, target_code, source_entity, target_entity, source_name, target_name, goldstein);
CREATE INDEX events_tgt ON events(target_cc, current, date, id)
	INCLUDE (source_code, target_code, source_entity, target_entity, source_name, target_name, goldstein);
CREATE INDEX events_date ON events(current, date, id)
	INCLUDE (source_code, target_code, source_entity, target_entity, source_name, target_name, goldstein);

-- Box queries: a grid cell's scan tests lon/lat in the index, so the
-- events of a place outside the box cost no table reads.
DROP INDEX events_cell;
CREATE INDEX events_cell ON events(cell, current, date, id) INCLUDE (lon, lat) WHERE cell IS NOT NULL;

-- Two-filter lists in date order.
CREATE INDEX events_pair_cc ON events(source_cc, target_cc, current, date, id);
CREATE INDEX events_root_cc ON events(root, country, current, date, id);

-- Entity pages: the strongest neighbours first from either side of the
-- pair, and a timeline read from the index.
CREATE INDEX entity_pairs_a_n ON entity_pairs(a, n DESC, b);
CREATE INDEX entity_pairs_b_n ON entity_pairs(b, n DESC, a);
CREATE INDEX entity_days_cover ON entity_days(entity, day) INCLUDE (n);

-- Roll-up reads by country, by actor and by date range from the index.
CREATE INDEX agg_cc_cover ON agg_cc(country, day, root, quad) INCLUDE (n, gsum);
CREATE INDEX agg_cc_day ON agg_cc(day, quad, country, root) INCLUDE (n);
CREATE INDEX agg_actor_cover ON agg_actor(actor, day, root, quad) INCLUDE (n, gsum);

-- Countries over all time: a few thousand rows instead of every
-- country-day. Kept by the writer with agg_cc.
CREATE TABLE agg_cc_total (
	country TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (country, root, quad)
);
INSERT INTO agg_cc_total(country, root, quad, n)
	SELECT country, root, quad, sum(n) FROM agg_cc GROUP BY country, root, quad;

ANALYZE events;
ANALYZE entity_pairs;
ANALYZE entity_days;
ANALYZE agg_cc;
ANALYZE agg_actor;
ANALYZE agg_cc_total;
