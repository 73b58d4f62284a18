package event

import "testing"

// A country's name or adjective inside a geographic name ("the Indian
// Ocean", "the Gulf of Mexico") is a place, not an actor, whether the
// entity layer coded the name (as a linker that reads demonyms may), the
// NER cut the country word off it, or only the fallback lexicon reads it;
// the same adjective before other nouns still names the country. Our own
// sentences, parsed by hand.
func TestPlaceNamesAreNotActors(t *testing.T) {
	const (
		troops = `
Indian indian ADJ 2 amod
troops troop NOUN 3 nsubj
attacked attack VERB 0 root
Pakistani pakistani ADJ 5 amod
posts post NOUN 3 obj
. . PUNCT 3 punct`
		ocean = `
Chinese chinese ADJ 2 amod
warships warship NOUN 3 nsubj
visited visit VERB 0 root
the the DET 6 det
Indian indian ADJ 6 amod
Ocean ocean PROPN 3 obj
. . PUNCT 3 punct`
		ports = `
Chinese chinese ADJ 2 amod
warships warship NOUN 3 nsubj
visited visit VERB 0 root
Indian indian ADJ 5 amod
ports port NOUN 3 obj
. . PUNCT 3 punct`
		gulf = `
Cuban cuban ADJ 2 amod
officials official NOUN 3 nsubj
visited visit VERB 0 root
the the DET 5 det
Gulf gulf PROPN 3 obj
of of ADP 7 case
Mexico mexico PROPN 5 nmod
. . PUNCT 3 punct`
		islands = `
Indian indian ADJ 2 amod
Ocean ocean PROPN 4 compound
island island NOUN 4 compound
leaders leader NOUN 5 nsubj
met meet VERB 0 root
Chinese chinese ADJ 7 amod
officials official NOUN 5 obj
. . PUNCT 5 punct`
		strait = `
Taiwanese taiwanese ADJ 2 amod
leaders leader NOUN 3 nsubj
criticised criticise VERB 0 root
Chinese chinese ADJ 5 amod
drills drill NOUN 3 obj
in in ADP 8 case
the the DET 8 det
Taiwan taiwan PROPN 8 compound
Strait strait PROPN 5 nmod
. . PUNCT 3 punct`
	)
	for _, c := range []struct {
		name, rows string
		actors     map[string]string
		want       []want
	}{
		{"troops, lexicon", troops, nil, []want{{"INDMIL", "PAK", "190", false, ""}}},
		{"troops, entities", troops, map[string]string{"Indian": "IND", "Pakistani": "PAK"}, []want{{"INDMIL", "PAK", "190", false, ""}}},
		// Each "nil" below was two or one false events before: CHNMIL>IND:042
		// and IND>CHNMIL:043 (ocean), CUBGOV>PGS:042 and PGS>CUBGOV:043
		// (gulf), INDGOV>CHNGOV:040 (islands).
		{"ocean, lexicon", ocean, nil, nil},
		{"ocean, linked", ocean, map[string]string{"Chinese": "CHN", "Indian Ocean": "IND"}, nil},
		{"ocean, cut", ocean, map[string]string{"Chinese": "CHN", "Indian": "IND"}, nil},
		{"ports, lexicon", ports, nil, []want{{"CHNMIL", "IND", "042", false, ""}, {"IND", "CHNMIL", "043", false, ""}}},
		{"ports, entities", ports, map[string]string{"Chinese": "CHN", "Indian": "IND"}, []want{{"CHNMIL", "IND", "042", false, ""}, {"IND", "CHNMIL", "043", false, ""}}},
		{"gulf, lexicon", gulf, nil, nil},
		// The NER cut "Gulf" (PGS) from "of Mexico".
		{"gulf, cut", gulf, map[string]string{"Cuban": "CUB", "Gulf": "PGS", "Mexico": "MEX"}, nil},
		{"islands, lexicon", islands, nil, nil},
		{"islands, linked", islands, map[string]string{"Indian Ocean": "IND", "Chinese": "CHN"}, nil},
		// CHN, not the strait's TWN.
		{"strait, lexicon", strait, nil, []want{{"TWNGOV", "CHN", "111", false, ""}}},
		{"strait, linked", strait, map[string]string{"Taiwanese": "TWN", "Chinese": "CHN", "Taiwan Strait": "TWN"}, []want{{"TWNGOV", "CHN", "111", false, ""}}},
	} {
		check(t, c.name, run(t, testStage(t), mkDoc(t, c.rows, c.actors)), c.want)
	}
}
