-- 0001: documents, stories with duplicate clusters, full-text search, ingest runs.
-- Later layers (sentences, entities, mentions, events, places, timexes,
-- quantities, quotes) arrive as new numbered migrations keyed on documents.id
-- and runs.id.

CREATE TABLE runs (
	id       INTEGER PRIMARY KEY,
	started  TEXT NOT NULL,             -- RFC 3339 from the run's clock
	finished TEXT,                      -- NULL while running or when killed
	status   TEXT NOT NULL,
	build    TEXT NOT NULL DEFAULT '',
	stages   TEXT NOT NULL DEFAULT '[]', -- JSON array of stage ids with versions
	sources  TEXT NOT NULL DEFAULT '[]', -- JSON array
	options  TEXT NOT NULL DEFAULT '{}', -- JSON object
	counts   TEXT NOT NULL DEFAULT '{}'  -- JSON RunCounts
);

CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,    -- content key: same input, same key
	doc_id      TEXT NOT NULL,           -- the source's id
	url         TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	fetched     TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	source_kind TEXT NOT NULL DEFAULT '',
	source_name TEXT NOT NULL DEFAULT '',
	text_len    INTEGER NOT NULL,
	n_stories   INTEGER NOT NULL,
	layers      TEXT NOT NULL DEFAULT '', -- comma-separated layer names
	run_id      INTEGER NOT NULL REFERENCES runs(id),
	enc         INTEGER NOT NULL,         -- body encoding: 0 JSON, 1 zstd JSON
	body        BLOB NOT NULL             -- the Doc JSON
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_run ON documents(run_id);

CREATE TABLE stories (
	id        INTEGER PRIMARY KEY,
	document  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	idx       INTEGER NOT NULL,          -- index in the Doc's stories
	start     INTEGER NOT NULL,          -- byte span in the Doc text
	end       INTEGER NOT NULL,
	headline  TEXT NOT NULL DEFAULT '',
	kicker    TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL,             -- as indexed: CJK characters split by U+200B (see cjk.go); the Doc JSON has the exact text
	truncated INTEGER NOT NULL DEFAULT 0,
	implicit  INTEGER NOT NULL DEFAULT 0, -- 1: whole text, no stories layer
	language  TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL,             -- exact-copy key
	simhash   INTEGER,                   -- near-copy key (signed 64-bit), NULL when too short
	cluster   INTEGER NOT NULL,          -- id of the cluster's first story (itself when first)
	dup_kind  TEXT NOT NULL,             -- first, exact, near
	distance  INTEGER NOT NULL DEFAULT 0, -- Hamming distance to the matched copy
	copies    INTEGER NOT NULL DEFAULT 1, -- on a first story: stories in its cluster
	UNIQUE (document, idx)
);
CREATE INDEX stories_hash ON stories(hash);
CREATE INDEX stories_cluster ON stories(cluster);
CREATE INDEX stories_multi ON stories(copies) WHERE copies > 1;
CREATE INDEX stories_dups ON stories(dup_kind) WHERE dup_kind <> 'first';

-- The banded SimHash index: 4 bands of 16 bits; two hashes within Hamming
-- distance 3 share at least one band value.
CREATE TABLE simhash_bands (
	band  INTEGER NOT NULL,
	value INTEGER NOT NULL,
	story INTEGER NOT NULL,
	PRIMARY KEY (band, value, story)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE story_fts USING fts5(
	headline, text,
	content = 'stories', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
