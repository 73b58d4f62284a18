-- 0007: the event full-text index keyed by date and id (eventkey.go), so
-- a text search lists the newest matches first without sorting them all.
-- It replaces event_fts (keyed by id alone). Contentless: events are never
-- deleted, and the lists read the rows from events.

CREATE VIRTUAL TABLE event_text USING fts5(
	sentence, content = '',
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO event_text(rowid, sentence)
	SELECT newsgraph_event_key(date, id), newsgraph_fts_text(sentence) FROM events ORDER BY 1;
INSERT INTO event_text(event_text) VALUES('optimize');
DROP TABLE event_fts;
-- A bulk load that set event_fts aside rebuilds event_text instead.
UPDATE bulk_pending SET name = 'event_text' WHERE name = 'event_fts';
