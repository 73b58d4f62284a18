-- 0004: indexes for full actor codes and full CAMEO codes, so a list of
-- "CHNGOV" events or of one leaf code reads in date order.

CREATE INDEX events_src_code ON events(source_code, current, date, id);
CREATE INDEX events_tgt_code ON events(target_code, current, date, id);
CREATE INDEX events_code ON events(code, current, date, id);

-- Fresh statistics for the planner over the new indexes.
ANALYZE;
