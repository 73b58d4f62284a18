package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
)

// duckdb runs SQL with DuckDB through tools/duckdb-check (the npm package
// @duckdb/node-api, whose platform package carries the native library).
// Without it installed the test skips and says how to install it; with
// NEWSGRAPH_DUCKDB=1 a missing DuckDB fails instead.
func duckdb(t *testing.T, sql ...string) (cols map[string]string, names []string, rows [][]any) {
	t.Helper()
	wd, _ := os.Getwd()
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(root) == root {
			t.Fatal("no go.mod above the test")
		}
		root = filepath.Dir(root)
	}
	dir := filepath.Join(root, "tools", "duckdb-check")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api"))
	}
	if err != nil {
		if os.Getenv("NEWSGRAPH_DUCKDB") != "" {
			t.Fatalf("NEWSGRAPH_DUCKDB set but DuckDB is not installed: %v", err)
		}
		t.Skipf("DuckDB not installed (npm ci --prefix tools/duckdb-check installs it): %v", err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(node, append([]string{filepath.Join(dir, "check.mjs")}, sql...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("duckdb: %v\n%s", err, stderr.String())
	}
	var res struct {
		Version string
		Columns []struct{ Name, Type string }
		Rows    [][]any
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("duckdb output: %v\n%s", err, stdout.String())
	}
	t.Logf("DuckDB %s", res.Version)
	cols = map[string]string{}
	for _, c := range res.Columns {
		cols[c.Name] = c.Type
		names = append(names, c.Name)
	}
	return cols, names, res.Rows
}

// TestDuckDBReadsExports reads the Parquet events and entities tables and
// the GDELT TSV exported from a store with DuckDB, as an analyst would, and
// checks the types and values it sees.
func TestDuckDBReadsExports(t *testing.T) {
	src := fill(t, openSQLite(t))
	dir := t.TempDir()
	save := func(name, format string, opt StoreOptions) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := FromStore(context.Background(), src, format, f, opt); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(p, "'", "''")
	}
	events := save("events.parquet", "parquet", StoreOptions{})
	entities := save("entities.parquet", "parquet", StoreOptions{Options: Options{Table: "entities"}})
	gdelt := save("events.tsv", "gdelt", StoreOptions{})

	cols, names, rows := duckdb(t, "SELECT * FROM read_parquet('"+events+"') ORDER BY cameo")
	wantTypes := map[string]string{"event_id": "VARCHAR", "day": "DATE", "quad_class": "INTEGER", "goldstein": "DOUBLE",
		"lat": "DOUBLE", "lon": "DOUBLE", "geonameid": "BIGINT", "negated": "BOOLEAN", "confidence": "DOUBLE",
		"trigger_start": "BIGINT", "num_mentions": "INTEGER", "run_id": "BIGINT", "sentence": "VARCHAR"}
	for c, ty := range wantTypes {
		if cols[c] != ty {
			t.Errorf("events column %s: DuckDB type %q, want %q", c, cols[c], ty)
		}
	}
	if len(names) != 43 || len(rows) != 3 {
		t.Fatalf("events: %d columns, %d rows", len(names), len(rows))
	}
	row := map[string]any{}
	for i, n := range names {
		row[n] = rows[2][i] // cameo 191
	}
	tx := strings.Index(apitest.CoastDoc().Text, "blocked")
	for k, v := range map[string]any{"cameo": "191", "day": "2025-03-04", "quad_class": 4.0, "goldstein": -9.5, "lat": 10.0,
		"lon": 114.0, "geonameid": "1880002", "negated": false, "trigger_start": itoa(tx), // DuckDB's JSON rows carry BIGINTs as strings "source_code": "CHNMIL",
		"target_entity": "philippine-coast-guard", "country": "", "admin1": "", "run_id": "1", "num_articles": 1.0} {
		if got := row[k]; got != v {
			t.Errorf("events %s: DuckDB reads %#v, want %#v", k, got, v)
		}
	}
	_, _, agg := duckdb(t, "SELECT quad_class, count(*) AS n, sum(goldstein) AS g FROM read_parquet('"+events+"') GROUP BY ALL ORDER BY quad_class")
	if len(agg) != 2 || agg[0][0] != 1.0 || agg[0][1] != "2" || agg[1][0] != 4.0 || agg[1][2] != -9.5 {
		t.Errorf("aggregate: %v", agg)
	}

	cols, names, rows = duckdb(t, "SELECT * FROM read_parquet('"+entities+"') WHERE entity_id = 'wang-yi'")
	if cols["aliases"] != "VARCHAR[]" || cols["mentions"] != "BIGINT" || cols["doc_key"] != "VARCHAR" || len(rows) != 1 {
		t.Fatalf("entities: %v %v", cols, rows)
	}
	ent := map[string]any{}
	for i, n := range names {
		ent[n] = rows[0][i]
	}
	if al, _ := ent["aliases"].([]any); len(al) != 1 || al[0] != "王毅" || ent["name"] != "Wang Yi" || ent["mentions"] != "2" || ent["doc_key"] != nil { // NULL: a stored entity spans documents
		t.Errorf("wang-yi: %v", ent)
	}

	// GDELT's TSV as GDELT users load it: no header, tab-separated, 61
	// columns; zero-padded CAMEO codes stay text when read as such.
	cols, names, rows = duckdb(t, "SELECT * FROM read_csv('"+gdelt+"', delim='\t', header=false, all_varchar=true) ORDER BY column26")
	if len(names) != 61 || len(rows) != 3 || rows[0][26] != "0233" || rows[0][53] != "PE" || rows[2][26] != "191" {
		t.Errorf("gdelt tsv: %d columns %v", len(names), rows)
	}
}
