// Package geo finds place names in text and resolves them against an
// offline gazetteer embedded in the binary: GeoNames cities500, first- and
// second-level regions, countries, and a curated table of seas, straits,
// islands, disputed areas, macro-regions, abbreviations and demonyms
// (data/gazetteer, built by tools/gazetteer).
//
// The stage geo.resolve.v1 fills Doc.Places:
//
//  1. Recognition (recognize.go): gazetteer longest match over capitalised
//     token spans and Han runs, demonyms, "X-based", US postal codes after
//     "Place,"; LOC/GPE mentions of the NER layer when present. A filter
//     drops stop words, sentence-initial ordinary words, person contexts
//     (titles, first names, "Baker said", and the same name elsewhere in
//     the story) and small places without context; patterns ("X, Y",
//     "in X", "the X region", "A (B)") vouch for a mention.
//  2. Candidates (resolve.go): every entry the name can mean, scored by a
//     population prior, feature-class preferences and alternate-name
//     penalties; names the gazetteer lacks back off to the place they are
//     named after ("Neches River", "University of Alberta", "Ontarians").
//  3. Resolution: three passes over the story with one sense per name;
//     the story's country and admin1 distribution (a name's own mentions
//     do not vote), regions it names, "X, Y" containment, co-occurrence
//     within 250 km, the outlet's home country (option geo.home_country or
//     the URL's country domain) and curated context overrides
//     ("Washington" in a political story). Dual names share a reading;
//     names joined by "and"/"or" are of one kind (states, countries);
//     names before "counties" are counties; "X in Y" contains like "X, Y".
//  4. Story checks (stage.go): in a story about one first-level region a
//     small place read alone in another region of that country is a local
//     name the gazetteer lacks; a capital or city of a million beats a
//     namesake fifty times smaller that nothing in the story places; "X in
//     Y" (Y a city) and "X, Y" (Y a region) with no reading of X there put
//     X in Y; names no entry matches go to the nearest place in the
//     story's region or country.
//  5. Output: span, GeoNames id, point, feature class/code, country,
//     admin1 code and name, precision, a softmax confidence, the top three
//     candidates with scores, a reason, and Actor for metonymic uses
//     ("Beijing said"). A name no entry matches gets the point of the
//     nearest place mentioned within 300 bytes, else of the story's main
//     place, with precision "story" and confidence 0.2; with neither it
//     stays unresolved with the reason.
//
// The gazetteer loads once (Default, sync.Once) and is shared read-only
// by all goroutines. The embedded file is compiled by the generator
// (binary.go): fixed-width columns and the name index, zstd-compressed, so
// loading is a decompression and linear passes.
package geo
