-- 0003: roll-ups for actor timelines and the top actor pairs, backfilled
-- from the events already stored. agg_actor counts each current event once
-- per actor-code prefix of 3 and 6 letters on either side (country, then
-- country+role), so a timeline for "CHN" or "CHNGOV" reads the roll-up.

CREATE TABLE agg_actor (
	actor TEXT NOT NULL,
	day   TEXT NOT NULL,
	root  TEXT NOT NULL,
	quad  INTEGER NOT NULL,
	n     INTEGER NOT NULL,
	gsum  DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (actor, day, root, quad)
);

CREATE TABLE agg_pair_total (
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (source_code, target_code)
);
CREATE INDEX agg_pair_total_n ON agg_pair_total(n DESC, source_code, target_code);

INSERT INTO agg_pair_total(source_code, target_code, n)
	SELECT source_code, target_code, sum(n) FROM agg_pair GROUP BY source_code, target_code HAVING sum(n) <> 0;

INSERT INTO agg_actor(actor, day, root, quad, n, gsum)
	SELECT actor, date, root, quad, count(*), sum(goldstein) FROM (
		SELECT id, source_cc AS actor, date, root, quad, goldstein FROM events WHERE current AND length(source_code) >= 3
		UNION SELECT id, target_cc, date, root, quad, goldstein FROM events WHERE current AND length(target_code) >= 3
		UNION SELECT id, substr(source_code, 1, 6), date, root, quad, goldstein FROM events WHERE current AND length(source_code) >= 6
		UNION SELECT id, substr(target_code, 1, 6), date, root, quad, goldstein FROM events WHERE current AND length(target_code) >= 6) x
	GROUP BY actor, date, root, quad;
