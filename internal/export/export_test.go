package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

func sp(src, sub string) text.Span {
	i := strings.Index(src, sub)
	return text.Span{Start: i, End: i + len(sub)}
}

// sample builds a small coded document by hand (text written for this test).
func sample() *doc.Doc {
	src := "Harbour news\nMinister Ana Ruiz of Chile pledged aid to Peru in Lima on Monday.\n“We will help,” Ruiz said, promising 12 ships and US$3 million."
	d := doc.New("t1", src)
	d.Meta = doc.Meta{URL: "https://news.example.org/a/1", Published: "2024-03-05", ContentHash: "abc123def4567890", Site: "Example News"}
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: len(src)}}}
	s1 := sp(src, "Minister Ana Ruiz of Chile pledged aid to Peru in Lima on Monday.")
	d.Sentences = []doc.Sentence{{Span: s1, TokenStart: 0, TokenEnd: 0}}
	d.Mentions = []doc.Mention{
		{Span: sp(src, "Ana Ruiz"), Kind: doc.KindPER, Entity: 0},
		{Span: sp(src, "Peru"), Kind: doc.KindLOC, Entity: 1},
	}
	d.Entities = []doc.Entity{
		{ID: "per-1", Kind: doc.KindPER, Name: "Ana Ruiz", Mentions: []int{0}, ActorCode: "CHLGOV", Aliases: []doc.Alias{{Text: "Ruiz"}}},
		{ID: "loc-1", Kind: doc.KindLOC, Name: "Peru", Mentions: []int{1}, ActorCode: "PER"},
	}
	d.Places = []doc.Place{{Span: sp(src, "Lima"), Text: "Lima", Resolved: true, GeonameID: 3936456, Name: "Lima",
		Lat: -12.04318, Lon: -77.02824, Country: "PE", Admin1: "15", Admin1Name: "Lima region", Precision: "city"}}
	d.Timexes = []doc.Timex{{Span: sp(src, "Monday"), Type: "DATE", Value: "2024-03-04"}}
	d.Quantities = []doc.Quantity{
		{Span: sp(src, "12 ships"), Kind: "count", Value: "12", Of: &doc.Ref{Span: sp(src, "ships"), Text: "ships"}, LinkedTo: -1},
		{Span: sp(src, "US$3 million"), Kind: "money", Value: "3000000", Unit: "USD", LinkedTo: -1},
	}
	d.Quotes = []doc.Quote{{Span: sp(src, "“We will help,”"), Text: "We will help,", Verb: &doc.Ref{Text: "said"}, Entity: 0}}
	src1 := sp(src, "Minister Ana Ruiz")
	d.Events = []doc.Event{{ID: "ev0", Code: "0233", Root: "02", QuadClass: 1, Goldstein: 3.4,
		Source: doc.Actor{Code: "CHLGOV", Entity: 0, Span: &src1, Text: "Minister Ana Ruiz"},
		Target: doc.Actor{Code: "PER", Entity: 1},
		Date:   "2024-03-04", Place: 0, DateTimex: 0, Sentence: s1, Trigger: sp(src, "pledged"), Confidence: 0.8, Coder: "event.cameo.v1"}}
	return d
}

func write(t *testing.T, format string, opt Options, docs ...*doc.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(format, &buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGDELTEvents(t *testing.T) {
	out := write(t, "gdelt", Options{}, sample())
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d rows", len(lines))
	}
	f := strings.Split(lines[0], "\t")
	if len(f) != 61 || len(gdeltHeader) != 61 {
		t.Fatalf("%d fields, header %d", len(f), len(gdeltHeader))
	}
	col := map[string]string{}
	for i, h := range gdeltHeader {
		col[h] = f[i]
	}
	want := map[string]string{
		"Day": "20240304", "MonthYear": "202403", "Year": "2024", "Actor1Code": "CHLGOV", "Actor1Name": "ANA RUIZ",
		"Actor1CountryCode": "CHL", "Actor1Type1Code": "GOV", "Actor2Code": "PER", "Actor2CountryCode": "PER",
		"EventCode": "0233", "EventBaseCode": "023", "EventRootCode": "02", "QuadClass": "1", "GoldsteinScale": "3.4",
		"IsRootEvent": "0", "NumMentions": "1", "ActionGeo_Type": "4", "ActionGeo_CountryCode": "PE",
		"ActionGeo_ADM1Code": "PE15", "ActionGeo_FeatureID": "3936456", "ActionGeo_Lat": "-12.0432",
		"ActionGeo_FullName": "Lima, Lima region, Peru", "DATEADDED": "20240305000000",
		"SOURCEURL": "https://news.example.org/a/1",
	}
	for k, v := range want {
		if col[k] != v {
			t.Errorf("%s = %q, want %q", k, col[k], v)
		}
	}
	// Stable ids: the same input gives the same row.
	if again := write(t, "gdelt", Options{}, sample()); !bytes.Equal(out, again) {
		t.Error("output not deterministic")
	}
}

func TestFIPS(t *testing.T) {
	for iso, f := range map[string]string{"CN": "CH", "TW": "TW", "PH": "RP", "DE": "GM", "GB": "UK", "US": "US", "RU": "RS", "JP": "JA"} {
		if FIPS(iso) != f {
			t.Errorf("FIPS(%s) = %s, want %s", iso, FIPS(iso), f)
		}
	}
}

func TestMentionsAndGKG(t *testing.T) {
	d := sample()
	m := strings.Split(strings.TrimRight(string(write(t, "mentions", Options{}, d)), "\n"), "\t")
	if len(m) != 16 || m[6] != "1" || m[9] != "40" || m[7] != "13" || m[8] != "-1" || m[11] != "80" {
		t.Errorf("mentions row %q", m)
	}
	g := strings.Split(strings.TrimRight(string(write(t, "gkg", Options{Header: true}, d)), "\n"), "\n")
	if len(g) != 2 {
		t.Fatalf("gkg lines %d", len(g))
	}
	f := strings.Split(g[1], "\t")
	if len(f) != 27 {
		t.Fatalf("gkg fields %d", len(f))
	}
	if f[5] != "COUNT#12#ships#0####0#0#" || f[11] != "Ana Ruiz" || !strings.HasPrefix(f[9], "4#Lima  Lima region  Peru#PE#PE15#") ||
		f[16] != "4#3#4#2024#71" || !strings.Contains(f[22], "|said|We will help ") || !strings.Contains(f[24], "3000000,USD,") {
		t.Errorf("gkg row %q", f)
	}
}

func TestCSVJSONL(t *testing.T) {
	d := sample()
	r := csv.NewReader(bytes.NewReader(write(t, "csv", Options{}, d)))
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 2 || len(recs[0]) != len(csvHeader) {
		t.Fatalf("csv %v %d", err, len(recs))
	}
	if recs[1][5] != "CHLGOV" || recs[1][6] != "Ana Ruiz" || recs[1][33] != d.Text[d.Events[0].Sentence.Start:d.Events[0].Sentence.End] {
		t.Errorf("csv row %q", recs[1])
	}
	var back doc.Doc
	if err := json.Unmarshal(write(t, "jsonl", Options{}, d), &back); err != nil || back.Events[0].Code != "0233" {
		t.Fatalf("jsonl %v", err)
	}
}

func TestParquetReadBack(t *testing.T) {
	d := sample()
	b := write(t, "parquet", Options{}, d, d)
	rows, err := parquet.Read[EventRow](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Cameo != "0233" || rows[0].SourceName != "Ana Ruiz" || rows[0].GeonameID == nil || *rows[0].GeonameID != 3936456 {
		t.Fatalf("rows %+v", rows)
	}
	b = write(t, "parquet", Options{Table: "entities"}, d)
	ents, err := parquet.Read[EntityRow](bytes.NewReader(b), int64(len(b)))
	if err != nil || len(ents) != 2 || ents[0].ActorCode != "CHLGOV" || len(ents[0].Aliases) != 1 {
		t.Fatalf("entities %v %+v", err, ents)
	}
	if _, err := New("parquet", &bytes.Buffer{}, Options{Table: "nope"}); err == nil {
		t.Error("unknown table accepted")
	}
	if _, err := New("xml", &bytes.Buffer{}, Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func BenchmarkGDELT(b *testing.B) {
	d := sample()
	var buf bytes.Buffer
	w, _ := New("gdelt", &buf, Options{})
	for i := 0; i < b.N; i++ {
		w.Write(d)
		buf.Reset()
	}
}
