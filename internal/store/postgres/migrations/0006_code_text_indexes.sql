-- 0006: a CAMEO code prefix ("064" and the codes under it) and a common
-- full-text word, listed newest first without a table read per candidate:
-- the code index carries the root the filter also tests, and a date index
-- carries the sentence's tsvector, so a frequent word is checked in the
-- index, in date order, until the page is full (a rare word still goes
-- through the GIN index).
DROP INDEX events_code;
CREATE INDEX events_code ON events(code, current, date, id) INCLUDE (root);
CREATE INDEX events_date_tsv ON events(current, date, id) INCLUDE (tsv);
ANALYZE events;
