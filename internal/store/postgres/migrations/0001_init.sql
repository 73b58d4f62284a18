-- 0001: runs, documents, stories with duplicate clusters and full-text
-- search (tsvector over case-folded tokens the Go side makes, so both
-- backends split text the same way).

CREATE TABLE runs (
	id       BIGSERIAL PRIMARY KEY,
	started  TEXT NOT NULL,
	finished TEXT,
	status   TEXT NOT NULL,
	build    TEXT NOT NULL DEFAULT '',
	stages   TEXT NOT NULL DEFAULT '[]',
	sources  TEXT NOT NULL DEFAULT '[]',
	options  TEXT NOT NULL DEFAULT '{}',
	counts   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE documents (
	id          BIGINT PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,
	doc_id      TEXT NOT NULL,
	url         TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	fetched     TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	source_kind TEXT NOT NULL DEFAULT '',
	source_name TEXT NOT NULL DEFAULT '',
	text_len    INTEGER NOT NULL,
	n_stories   INTEGER NOT NULL,
	layers      TEXT NOT NULL DEFAULT '',
	run_id      BIGINT NOT NULL REFERENCES runs(id),
	enc         INTEGER NOT NULL,
	body        BYTEA NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id, id);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_run ON documents(run_id);

CREATE TABLE stories (
	id        BIGINT PRIMARY KEY,
	document  BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	idx       INTEGER NOT NULL,
	start     INTEGER NOT NULL,
	"end"     INTEGER NOT NULL,
	headline  TEXT NOT NULL DEFAULT '',
	kicker    TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL,
	truncated BOOLEAN NOT NULL DEFAULT false,
	implicit  BOOLEAN NOT NULL DEFAULT false,
	language  TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL,
	simhash   BIGINT,
	cluster   BIGINT NOT NULL,
	dup_kind  TEXT NOT NULL,
	distance  INTEGER NOT NULL DEFAULT 0,
	copies    INTEGER NOT NULL DEFAULT 1,
	tsv       TSVECTOR NOT NULL,
	UNIQUE (document, idx)
);
CREATE INDEX stories_hash ON stories(hash, id);
CREATE INDEX stories_cluster ON stories(cluster, id);
CREATE INDEX stories_tsv ON stories USING GIN (tsv);

CREATE TABLE simhash_bands (
	band  INTEGER NOT NULL,
	value INTEGER NOT NULL,
	story BIGINT NOT NULL,
	PRIMARY KEY (band, value, story)
);
