-- 0007: feed polls registered through the API (POST /api/ingest with an
-- interval), so that a restarted server resumes them: the settings, what
-- the last rounds left, and the feed's HTTP validators (ETag,
-- Last-Modified) for the next conditional GET. Times are RFC 3339 text,
-- '' for never.

CREATE TABLE polls (
	id            BIGINT PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	interval_ms   BIGINT NOT NULL,
	date          TEXT NOT NULL DEFAULT '',
	created       TEXT NOT NULL,
	last_poll     TEXT NOT NULL DEFAULT '',
	last_status   TEXT NOT NULL DEFAULT '',
	last_error    TEXT NOT NULL DEFAULT '',
	last_run      BIGINT NOT NULL DEFAULT 0,
	rounds        INTEGER NOT NULL DEFAULT 0,
	not_modified  INTEGER NOT NULL DEFAULT 0,
	errors        INTEGER NOT NULL DEFAULT 0,
	items         INTEGER NOT NULL DEFAULT 0,
	stored        INTEGER NOT NULL DEFAULT 0,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT ''
);
