-- 0010: event_facet, the columns the aggregates read, one row per current
-- event, keyed like event_text (eventkey.go). A full-text-filtered
-- aggregate ("talks" matches a sixth of a million events) joins the
-- matches to it in key order: neighbouring matches share its pages, where
-- the wide events rows cost one page read each. Put, retire (re-coding)
-- and EndBulk (bulk.go: rebuildFacets) keep it in step with events.

CREATE TABLE event_facet (
	k           INTEGER PRIMARY KEY, -- newsgraph_event_key(date, id), the event_text rowid
	date        TEXT NOT NULL,
	code        TEXT NOT NULL,
	root        TEXT NOT NULL,
	quad        INTEGER NOT NULL,
	goldstein   REAL NOT NULL,
	country     TEXT NOT NULL,
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL
);
INSERT INTO event_facet(k, date, code, root, quad, goldstein, country, source_code, target_code)
	SELECT newsgraph_event_key(date, id), date, code, root, quad, goldstein, country, source_code, target_code
	FROM events WHERE current = 1 ORDER BY 1;

-- facet_version counts the writes that changed event_facet, so a reader
-- that keeps the facets in memory (facetcache.go) knows when to reload.
CREATE TABLE facet_version (v INTEGER NOT NULL);
INSERT INTO facet_version(v) VALUES(0);
