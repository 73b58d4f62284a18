-- 0008: event_facet, the columns the aggregates read, one row per current
-- event. A full-text-filtered aggregate ("talks" matches a sixth of a
-- million events) must visit every matching heap row (PostgreSQL checks
-- visibility there); on the wide events rows that is about 1.5 GB of
-- pages, here about 90 MB.
--
-- The rows hold no tsvector: the GIN index is over
-- newsgraph_event_tsv(id), the event's own tsvector read from events.
-- That function is declared IMMUTABLE although it reads a table, which
-- holds because an event's tsvector never changes after insert (events
-- are only ever inserted, and later updated in "current" alone) and ids
-- are never reused. A plain word query is answered exactly by the index,
-- so queries do not call it; index builds do, once per row. Its
-- search_path is pinned to this schema's, so a dump restores it.
--
-- A trigger keeps the table in step with events on insert and when a
-- re-coding run retires events; a bulk load (bulk.go) disables it and
-- fills the table in one statement.

CREATE FUNCTION newsgraph_event_tsv(bigint) RETURNS tsvector
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path FROM CURRENT
	AS $$ SELECT tsv FROM events WHERE id = $1 $$;

CREATE TABLE event_facet (
	id          BIGINT PRIMARY KEY, -- events.id
	date        TEXT NOT NULL,
	code        TEXT NOT NULL,
	root        TEXT NOT NULL,
	quad        INTEGER NOT NULL,
	goldstein   DOUBLE PRECISION NOT NULL,
	country     TEXT NOT NULL,
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL
);
INSERT INTO event_facet(id, date, code, root, quad, goldstein, country, source_code, target_code)
	SELECT id, date, code, root, quad, goldstein, country, source_code, target_code
	FROM events WHERE current ORDER BY id;
CREATE INDEX event_facet_tsv ON event_facet USING GIN (newsgraph_event_tsv(id));

CREATE FUNCTION newsgraph_event_facet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.current AND (TG_OP = 'INSERT' OR NOT OLD.current) THEN
		INSERT INTO event_facet(id, date, code, root, quad, goldstein, country, source_code, target_code)
		VALUES (NEW.id, NEW.date, NEW.code, NEW.root, NEW.quad, NEW.goldstein, NEW.country, NEW.source_code, NEW.target_code);
	ELSIF TG_OP = 'UPDATE' AND OLD.current AND NOT NEW.current THEN
		DELETE FROM event_facet WHERE id = OLD.id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER events_facet AFTER INSERT OR UPDATE OF current ON events
	FOR EACH ROW EXECUTE FUNCTION newsgraph_event_facet();
