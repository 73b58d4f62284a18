-- 0002: the normalised layers the Querier reads. Document-level layers
-- (sentences, mentions, entities, aliases, quotes, quantities, timexes,
-- places) are written once, by the first Put that carries them. Events are
-- written per run: re-coding an archive writes the new run's events and marks
-- the older runs' events of the same document not current, so the default
-- queries see the latest coding and `newsgraph diff` can compare runs.

CREATE TABLE sentences (
	document INTEGER NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL,
	story    INTEGER NOT NULL,   -- index in the Doc's stories, -1 when none
	cut      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
	id         TEXT PRIMARY KEY,  -- the entity layer's stable knowledge-base id
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	actor_code TEXT NOT NULL DEFAULT '',
	first_seen TEXT NOT NULL DEFAULT '',
	last_seen  TEXT NOT NULL DEFAULT '',
	mentions   INTEGER NOT NULL DEFAULT 0,
	documents  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX entities_rank ON entities(mentions DESC, id);
CREATE INDEX entities_kind_rank ON entities(kind, mentions DESC, id);

-- Every name and alias, case-folded, for prefix search in any script.
CREATE TABLE entity_names (
	norm   TEXT NOT NULL,
	entity TEXT NOT NULL,
	PRIMARY KEY (norm, entity)
) WITHOUT ROWID;

CREATE TABLE aliases (
	entity     TEXT NOT NULL,
	text       TEXT NOT NULL,
	script     TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	confidence REAL NOT NULL DEFAULT 0,
	count      INTEGER NOT NULL DEFAULT 1,
	doc_key    TEXT NOT NULL DEFAULT '', -- where it was first seen
	start      INTEGER NOT NULL DEFAULT 0,
	end        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (entity, text)
) WITHOUT ROWID;

CREATE TABLE mentions (
	document INTEGER NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	text     TEXT NOT NULL,
	entity   TEXT,                -- entity id, NULL when not linked
	score    REAL NOT NULL DEFAULT 0,
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity, document) WHERE entity IS NOT NULL;

-- Documents shared by two entities (a < b), for entity-page neighbours.
CREATE TABLE entity_pairs (
	a TEXT NOT NULL,
	b TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX entity_pairs_b ON entity_pairs(b, a);

CREATE TABLE timexes (
	document INTEGER NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL,
	text     TEXT NOT NULL,
	type     TEXT NOT NULL,
	value    TEXT NOT NULL DEFAULT '',
	mod      TEXT NOT NULL DEFAULT '',
	interval_start TEXT NOT NULL DEFAULT '',
	interval_end   TEXT NOT NULL DEFAULT '',
	granularity    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;

CREATE TABLE quantities (
	document INTEGER NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL,
	text     TEXT NOT NULL,
	kind     TEXT NOT NULL,
	value    TEXT NOT NULL,
	upper    TEXT NOT NULL DEFAULT '',
	unit     TEXT NOT NULL DEFAULT '',
	approx   INTEGER NOT NULL DEFAULT 0,
	modifier TEXT NOT NULL DEFAULT '',
	of_text  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;

CREATE TABLE quotes (
	document INTEGER NOT NULL,
	idx      INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL,
	content_start INTEGER NOT NULL,
	content_end   INTEGER NOT NULL,
	partial  INTEGER NOT NULL DEFAULT 0,
	speaker  TEXT NOT NULL DEFAULT '',
	speaker_start INTEGER,
	speaker_end   INTEGER,
	entity   TEXT,
	verb     TEXT NOT NULL DEFAULT '',
	reason   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_entity ON quotes(entity) WHERE entity IS NOT NULL;

CREATE TABLE places (
	document   INTEGER NOT NULL,
	idx        INTEGER NOT NULL,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	resolved   INTEGER NOT NULL DEFAULT 0,
	geonameid  INTEGER NOT NULL DEFAULT 0,
	name       TEXT NOT NULL DEFAULT '',
	lat        REAL,
	lon        REAL,
	country    TEXT NOT NULL DEFAULT '',
	admin1     TEXT NOT NULL DEFAULT '',
	precision  TEXT NOT NULL DEFAULT '',
	confidence REAL NOT NULL DEFAULT 0,
	actor      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX places_country ON places(country) WHERE country <> '';

-- Events of near-duplicate stories: the same run, story cluster, actors, code
-- and date are one event reported several times.
CREATE TABLE event_clusters (
	id            INTEGER PRIMARY KEY,
	run_id        INTEGER NOT NULL,
	story_cluster INTEGER NOT NULL,
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
	id            INTEGER PRIMARY KEY,
	run_id        INTEGER NOT NULL,
	document      INTEGER NOT NULL,
	doc_key       TEXT NOT NULL,
	story_id      INTEGER,            -- stories.id
	story         INTEGER NOT NULL,   -- index in the Doc's stories
	ev_idx        INTEGER NOT NULL,   -- index in the Doc's events
	ev_id         TEXT NOT NULL DEFAULT '',
	current       INTEGER NOT NULL DEFAULT 1, -- 0 once a later run re-coded the document
	cluster       INTEGER NOT NULL,   -- event_clusters.id
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
	goldstein     REAL NOT NULL,
	plover_type   TEXT NOT NULL DEFAULT '',
	plover_mode   TEXT NOT NULL DEFAULT '',
	place_name    TEXT NOT NULL DEFAULT '',
	country       TEXT NOT NULL DEFAULT '',
	admin1        TEXT NOT NULL DEFAULT '',
	lat           REAL, lon REAL,
	cell          INTEGER,            -- 5-degree grid cell of lat/lon, for boxes
	geonameid     INTEGER NOT NULL DEFAULT 0,
	place_start   INTEGER, place_end INTEGER,
	sent_start    INTEGER NOT NULL, sent_end INTEGER NOT NULL,
	sentence      TEXT NOT NULL,
	trig_start    INTEGER NOT NULL, trig_end INTEGER NOT NULL,
	pattern       TEXT NOT NULL DEFAULT '',
	negated       INTEGER NOT NULL DEFAULT 0,
	modality      TEXT NOT NULL DEFAULT '',
	confidence    REAL NOT NULL DEFAULT 0,
	mentions      INTEGER NOT NULL DEFAULT 0,
	coder         TEXT NOT NULL DEFAULT '',
	dictionary    TEXT NOT NULL DEFAULT '',
	model         TEXT NOT NULL DEFAULT ''
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

CREATE VIRTUAL TABLE event_fts USING fts5(
	sentence, content = 'events', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Roll-ups of current events, kept by the writer, so the dashboard
-- aggregates read thousands of rows instead of millions.
CREATE TABLE agg_day (
	day     TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	gsum    REAL NOT NULL,
	PRIMARY KEY (day, root, quad)
) WITHOUT ROWID;

CREATE TABLE agg_cc (
	country TEXT NOT NULL,
	day     TEXT NOT NULL,
	root    TEXT NOT NULL,
	quad    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	gsum    REAL NOT NULL,
	PRIMARY KEY (country, day, root, quad)
) WITHOUT ROWID;

CREATE TABLE agg_pair (
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL,
	root        TEXT NOT NULL,
	quad        INTEGER NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (source_code, target_code, root, quad)
) WITHOUT ROWID;

CREATE TABLE entity_days (
	entity TEXT NOT NULL,
	day    TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (entity, day)
) WITHOUT ROWID;

CREATE TABLE entity_codes (
	entity TEXT NOT NULL,
	code   TEXT NOT NULL,
	first  TEXT NOT NULL,
	last   TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (entity, code)
) WITHOUT ROWID;
