-- 0002 (the SQLite store's 0002, in PostgreSQL types): the normalised layers the Querier reads. Document-level layers
-- (sentences, mentions, entities, aliases, quotes, quantities, timexes,
-- places) are written once, by the first Put that carries them. Events are
-- written per run: re-coding an archive writes the new run's events and marks
-- the older runs' events of the same document not current, so the default
-- queries see the latest coding and `newsgraph diff` can compare runs.

CREATE TABLE sentences (
	document BIGINT NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	story    INTEGER NOT NULL,   -- index in the Doc's stories, -1 when none
	cut      BOOLEAN NOT NULL DEFAULT false,
	PRIMARY KEY (document, idx)
);

CREATE TABLE entities (
	id         TEXT PRIMARY KEY,  -- the entity layer's stable knowledge-base id
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	actor_code TEXT NOT NULL DEFAULT '',
	first_seen TEXT NOT NULL DEFAULT '',
	last_seen  TEXT NOT NULL DEFAULT '',
	mentions   INTEGER NOT NULL DEFAULT 0,
	documents  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_rank ON entities(mentions DESC, id);
CREATE INDEX entities_kind_rank ON entities(kind, mentions DESC, id);

-- Every name and alias, case-folded, for prefix search in any script.
CREATE TABLE entity_names (
	norm   TEXT NOT NULL,
	entity TEXT NOT NULL,
	PRIMARY KEY (norm, entity)
);

CREATE TABLE aliases (
	entity     TEXT NOT NULL,
	text       TEXT NOT NULL,
	script     TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
	count      INTEGER NOT NULL DEFAULT 1,
	doc_key    TEXT NOT NULL DEFAULT '', -- where it was first seen
	start      INTEGER NOT NULL DEFAULT 0,
	"end"        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (entity, text)
);

CREATE TABLE mentions (
	document BIGINT NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	text     TEXT NOT NULL,
	entity   TEXT,                -- entity id, NULL when not linked
	score    DOUBLE PRECISION NOT NULL DEFAULT 0,
	PRIMARY KEY (document, idx)
);
CREATE INDEX mentions_entity ON mentions(entity, document) WHERE entity IS NOT NULL;

-- Documents shared by two entities (a < b), for entity-page neighbours.
CREATE TABLE entity_pairs (
	a TEXT NOT NULL,
	b TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (a, b)
);
CREATE INDEX entity_pairs_b ON entity_pairs(b, a);

CREATE TABLE timexes (
	document BIGINT NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	text     TEXT NOT NULL,
	type     TEXT NOT NULL,
	value    TEXT NOT NULL DEFAULT '',
	mod      TEXT NOT NULL DEFAULT '',
	interval_start TEXT NOT NULL DEFAULT '',
	interval_end   TEXT NOT NULL DEFAULT '',
	granularity    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
);

CREATE TABLE quantities (
	document BIGINT NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	text     TEXT NOT NULL,
	kind     TEXT NOT NULL,
	value    TEXT NOT NULL,
	upper    TEXT NOT NULL DEFAULT '',
	unit     TEXT NOT NULL DEFAULT '',
	approx   BOOLEAN NOT NULL DEFAULT false,
	modifier TEXT NOT NULL DEFAULT '',
	of_text  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
);

CREATE TABLE quotes (
	document BIGINT NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	content_start INTEGER NOT NULL,
	content_end   INTEGER NOT NULL,
	partial  BOOLEAN NOT NULL DEFAULT false,
	speaker  TEXT NOT NULL DEFAULT '',
	speaker_start INTEGER,
	speaker_end   INTEGER,
	entity   TEXT,
	verb     TEXT NOT NULL DEFAULT '',
	reason   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
);
CREATE INDEX quotes_entity ON quotes(entity) WHERE entity IS NOT NULL;

CREATE TABLE places (
	document   INTEGER NOT NULL,
	idx        INTEGER NOT NULL,
	start      INTEGER NOT NULL,
	"end"        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	resolved   BOOLEAN NOT NULL DEFAULT false,
	geonameid  BIGINT NOT NULL DEFAULT 0,
	name       TEXT NOT NULL DEFAULT '',
	lat        DOUBLE PRECISION,
	lon        DOUBLE PRECISION,
	country    TEXT NOT NULL DEFAULT '',
	admin1     TEXT NOT NULL DEFAULT '',
	precision  TEXT NOT NULL DEFAULT '',
	confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
	actor      BOOLEAN NOT NULL DEFAULT false,
	PRIMARY KEY (document, idx)
);
CREATE INDEX places_country ON places(country) WHERE country <> '';

-- Events of near-duplicate stories: the same run, story cluster, actors, code
-- and date are one event reported several times.
CREATE TABLE event_clusters (
	id            BIGSERIAL PRIMARY KEY,
	run_id        BIGINT NOT NULL,
	story_cluster BIGINT NOT NULL,
	source_code   TEXT NOT NULL,
	target_code   TEXT NOT NULL,
	code          TEXT NOT NULL,
	date          TEXT NOT NULL,
	mentions      INTEGER NOT NULL DEFAULT 0,
	stories       INTEGER NOT NULL DEFAULT 0,
	sources       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (run_id, story_cluster, source_code, target_code, code, date)
);

CREATE TABLE events (
	id            BIGSERIAL PRIMARY KEY,
	run_id        BIGINT NOT NULL,
	document      BIGINT NOT NULL,
	doc_key       TEXT NOT NULL,
	story_id      BIGINT,            -- stories.id
	story         INTEGER NOT NULL,   -- index in the Doc's stories
	ev_idx        INTEGER NOT NULL,   -- index in the Doc's events
	ev_id         TEXT NOT NULL DEFAULT '',
	current       BOOLEAN NOT NULL DEFAULT true, -- 0 once a later run re-coded the document
	cluster       BIGINT NOT NULL,   -- event_clusters.id
	outlet        TEXT NOT NULL DEFAULT '', -- site or host, for counting sources
	date          TEXT NOT NULL,
	date_precision TEXT NOT NULL DEFAULT '',
	date_start    INTEGER, date_end INTEGER, -- the timex span
	source_code   TEXT NOT NULL DEFAULT '',
	source_cc     TEXT NOT NULL DEFAULT '', -- first three letters of the code
	source_entity TEXT,
	source_name   TEXT NOT NULL DEFAULT '',
	source_text   TEXT NOT NULL DEFAULT '',
	source_start  INTEGER, source_end INTEGER,
	target_code   TEXT NOT NULL DEFAULT '',
	target_cc     TEXT NOT NULL DEFAULT '',
	target_entity TEXT,
	target_name   TEXT NOT NULL DEFAULT '',
	target_text   TEXT NOT NULL DEFAULT '',
	target_start  INTEGER, target_end INTEGER,
	code          TEXT NOT NULL,
	root          TEXT NOT NULL,
	quad          INTEGER NOT NULL,
	goldstein     DOUBLE PRECISION NOT NULL,
	plover_type   TEXT NOT NULL DEFAULT '',
	plover_mode   TEXT NOT NULL DEFAULT '',
	place_name    TEXT NOT NULL DEFAULT '',
	country       TEXT NOT NULL DEFAULT '',
	admin1        TEXT NOT NULL DEFAULT '',
	lat           DOUBLE PRECISION, lon DOUBLE PRECISION,
	cell          INTEGER,            -- 5-degree grid cell of lat/lon, for boxes
	geonameid     BIGINT NOT NULL DEFAULT 0,
	place_start   INTEGER, place_end INTEGER,
	sent_start    INTEGER NOT NULL, sent_end INTEGER NOT NULL,
	sentence      TEXT NOT NULL,
	trig_start    INTEGER NOT NULL, trig_end INTEGER NOT NULL,
	pattern       TEXT NOT NULL DEFAULT '',
	negated       BOOLEAN NOT NULL DEFAULT false,
	modality      TEXT NOT NULL DEFAULT '',
	confidence    DOUBLE PRECISION NOT NULL DEFAULT 0,
	mentions      INTEGER NOT NULL DEFAULT 0,
	coder         TEXT NOT NULL DEFAULT '',
	dictionary    TEXT NOT NULL DEFAULT '',
	model         TEXT NOT NULL DEFAULT '',
	tsv           TSVECTOR NOT NULL
);
-- Keyset orders: (date, id) and (goldstein, id), current events first.
CREATE INDEX events_date ON events(current, date, id);
CREATE INDEX events_gold ON events(current, goldstein, id);
CREATE INDEX events_src ON events(source_cc, current, date, id);
CREATE INDEX events_tgt ON events(target_cc, current, date, id);
CREATE INDEX events_root ON events(root, current, date, id);
CREATE INDEX events_country ON events(country, current, date, id) WHERE country <> '';
CREATE INDEX events_country_gold ON events(country, current, goldstein, id) WHERE country <> '';
CREATE INDEX events_cell ON events(cell, current, date, id) WHERE cell IS NOT NULL;
CREATE INDEX events_src_ent ON events(source_entity, current, date, id) WHERE source_entity IS NOT NULL;
CREATE INDEX events_tgt_ent ON events(target_entity, current, date, id) WHERE target_entity IS NOT NULL;
CREATE INDEX events_doc ON events(document, run_id);
CREATE INDEX events_run ON events(run_id, doc_key);
CREATE INDEX events_cluster ON events(cluster);

CREATE INDEX events_tsv ON events USING GIN (tsv);

-- Roll-ups of current events, kept by the writer, so the dashboard
-- aggregates read thousands of rows instead of millions.
CREATE TABLE agg_day (
	day     TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	gsum    DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (day, root, quad)
);

CREATE TABLE agg_cc (
	country TEXT NOT NULL,
	day     TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	gsum    DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (country, day, root, quad)
);

CREATE TABLE agg_pair (
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL,
	root        TEXT NOT NULL,
	quad        INTEGER NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (source_code, target_code, root, quad)
);

CREATE TABLE entity_days (
	entity TEXT NOT NULL,
	day    TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (entity, day)
);

CREATE TABLE entity_codes (
	entity TEXT NOT NULL,
	code   TEXT NOT NULL,
	first  TEXT NOT NULL,
	last   TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (entity, code)
);
