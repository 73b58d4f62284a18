-- 0005: what a bulk load (BeginBulk) set aside and EndBulk must restore: the
-- secondary indexes it dropped (name, CREATE statement) and the full-text
-- tables whose automatic merging it paused (sql NULL). A store reopened
-- after a load that died half-way finishes the restore then.

CREATE TABLE bulk_pending (
	name TEXT PRIMARY KEY,
	sql  TEXT
) WITHOUT ROWID;
