// Package event codes CAMEO events (with Goldstein score, quad class and
// PLOVER type) from dependency-parsed sentences, with the project's own
// verb dictionary (data/cameo/verbs.txt), and keeps the evidence behind
// every field: sentence and trigger spans, the pattern that fired, actor
// spans, and the coder and dictionary versions. Its PETRARCH-compatible
// sibling for PETRARCH-format dictionaries is event/petrarch.
//
// Policies:
//   - Negation ("did not attack", "never signed"): the event is kept with
//     Negated set and half the confidence, so it can be audited or dropped
//     downstream; nothing is silently lost.
//   - Intent and modality: a trigger under an intent verb (vow, pledge,
//     promise, plan, agree, offer ...), an adjective such as "ready" or
//     "willing", or the auxiliaries will/would/shall becomes the matching
//     03x "express intent" code with Modality "intent"; under "threaten" it
//     becomes the matching 13x threat (Modality "threat"); may/might/could
//     give Modality "hypothetical" and a lower confidence.
//   - Background and conditional clauses (adverbial clauses opened by
//     "since", "if", "unless") are context, not new events, and are not
//     coded; "after X threatened ..." reports a recent event and is coded.
//   - Agentless passives ("spies have been arrested") keep the event with
//     an empty source code and lower confidence: the target and the action
//     are known, the actor is not.
//   - Compound actors: each conjunct of the source and of the target gives
//     its own event.
//   - Reported speech: the reported clause is coded on its own ("X said Y
//     attacked Z" gives Y→Z; "X said it would ..." takes X as the pronoun's
//     referent); the speech verb is coded only where the dictionary has an
//     entry for it with a target. A complement of deny/reject is negated.
//   - Requested actions ("urged X to release ...") refine the appeal or
//     demand (0253) and are not coded as done.
//   - A target actor is required (PETRARCH's require_dyad) except for
//     threats (13), protests (14) and force posture (15); conjoined actors with no target
//     act on each other for cooperative codes ("A and B signed a deal").
package event

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	cameodata "github.com/newsgraph/newsgraph/data/cameo"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/event/cameo"
	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the stage's registry id; Coder is written into every event.
const (
	StageID = "event.cameo.v1"
	Coder   = "newsgraph/event.cameo.v1"
)

func init() {
	pipeline.Register(pipeline.Info{
		ID: StageID,
		// Actors come from the mentions' entities, event dates from the
		// timexes and places from the geoparser: without them "annotate
		// --layers events" coded fewer events, silently.
		Requires: []string{doc.LayerTokens, doc.LayerPOS, doc.LayerParse, doc.LayerMentions, doc.LayerEntities,
			doc.LayerTimexes, doc.LayerPlaces},
		Assigns: []string{doc.LayerEvents},
		Default: true, // event.petrarch.v1 also assigns events, on request
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			d, errs := LoadDict(cameodata.FS, "verbs.txt")
			if len(errs) > 0 {
				return nil, fmt.Errorf("event: %v", errs[0])
			}
			return &Stage{Dict: d, Actors: defaultLexicon(), DefaultDate: env.DefaultDate}, nil
		},
	})
}

// Stage codes events over a Doc's dependency parse. It is read-only after
// provisioning and safe for concurrent use.
type Stage struct {
	Dict        *Dict
	Actors      *Lexicon // fallback actor codes when no entities layer is present
	DefaultDate string
}

// Process assigns d.Events.
func (st *Stage) Process(_ context.Context, d *doc.Doc) error {
	var evs []doc.Event
	var story []int
	for si := range d.Sentences {
		e := st.codeSentence(d, si)
		evs = append(evs, e...)
		for range e {
			story = append(story, d.Sentences[si].Story)
		}
	}
	d.Events = dedupe(evs, story)
	return nil
}

// sentence is one sentence's tokens with dependents listed per token.
type sentence struct {
	d        *doc.Doc
	idx      int
	lo, hi   int         // token range in d.Tokens
	toks     []doc.Token // d.Tokens[lo:hi] with the parse repairs applied
	kids     [][]int
	st       *Stage
	pubDate  string
	sentSpan text.Span
	model    string
}

func (s *sentence) tok(i int) *doc.Token { return &s.toks[i-s.lo] }

func (s *sentence) lemma(i int) string {
	t := s.tok(i)
	if t.Lemma != "" && t.Lemma != "_" {
		return strings.ToLower(t.Lemma)
	}
	return strings.ToLower(t.Form)
}

// is tests a word condition on a token's lemma or its lower-case form
// ("supplies" when the tagger lemmatised it to "supply").
func (s *sentence) is(i int, c *cond) bool {
	return c.ok(s.lemma(i)) || c.ok(strings.ToLower(s.tok(i).Form))
}

func (s *sentence) rel(i int) string { return s.tok(i).Deprel }

// base strips a UD subtype: "nsubj:pass" → "nsubj".
func base(rel string) string {
	if i := strings.IndexByte(rel, ':'); i >= 0 {
		return rel[:i]
	}
	return rel
}

func (s *sentence) children(i int, rels ...string) []int {
	var out []int
	for _, c := range s.kids[i-s.lo] {
		r := s.rel(c)
		for _, want := range rels {
			if r == want || (!strings.Contains(want, ":") && base(r) == want) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func (s *sentence) head(i int) int {
	h := s.tok(i).Head
	if h < s.lo || h >= s.hi || h == i {
		return -1
	}
	return h
}

// caseOf is the preposition that introduces a nominal ("with" in "with X").
func (s *sentence) caseOf(i int) string {
	for _, c := range s.children(i, "case") {
		return s.lemma(c)
	}
	return ""
}

func (st *Stage) codeSentence(d *doc.Doc, si int) []doc.Event {
	sn := d.Sentences[si]
	if sn.TokenStart < 0 || sn.TokenEnd > len(d.Tokens) || sn.TokenStart >= sn.TokenEnd {
		return nil
	}
	s := &sentence{d: d, idx: si, lo: sn.TokenStart, hi: sn.TokenEnd, st: st, sentSpan: sn.Span}
	s.toks = repairedTokens(d.Tokens[s.lo:s.hi], s.lo)
	s.kids = make([][]int, s.hi-s.lo)
	for i := s.lo; i < s.hi; i++ {
		if h := s.head(i); h >= 0 {
			s.kids[h-s.lo] = append(s.kids[h-s.lo], i)
		}
	}
	s.pubDate = d.Meta.Published
	if s.pubDate == "" {
		s.pubDate = st.DefaultDate
	}
	if len(s.pubDate) > 10 {
		s.pubDate = s.pubDate[:10]
	}
	for _, l := range d.Layers {
		if l.Name == doc.LayerParse {
			s.model = l.Stage // the parser whose tree the events rest on
		}
	}
	var out []doc.Event
	for i := s.lo; i < s.hi; i++ {
		t := s.tok(i)
		noun := t.UPOS == "NOUN" || t.UPOS == "PROPN"
		if t.UPOS != "VERB" && !noun {
			continue
		}
		if s.requested(i) || s.foldedDemand(i) || s.alleged(i) {
			continue
		}
		if s.governsCoded(i) {
			// "vowed to ensure ...": the complement carries the event and
			// the intent; the governing verb is not an event of its own.
			continue
		}
		for _, e := range s.entries(i) {
			if e.Noun != noun {
				continue
			}
			if tgt, ok := s.matches(e, i); ok {
				out = append(out, s.code(e, i, tgt)...)
				break
			}
		}
	}
	return out
}

// repairedTokens copies a sentence's tokens (heads are document indices,
// base lo) and mends the parse errors the petrarch coder mends too (a
// verb read as a modifier of its subject noun or, with a subject of its
// own, of its object, a preposition read as a clause marker, an object
// read as a subject), so both coders see one
// tree. The Doc's parse layer is left as the parser gave it.
func repairedTokens(toks []doc.Token, lo int) []doc.Token {
	deps := make([]petrarch.DepToken, len(toks))
	for k, t := range toks {
		h := t.Head - lo
		if t.Head < 0 || h < 0 || h >= len(toks) {
			h = -1
		}
		deps[k] = petrarch.DepToken{Form: t.Form, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS, Head: h, Deprel: t.Deprel}
	}
	petrarch.RepairCaseOnCompound(deps)
	petrarch.RepairParticipleSubject(deps)
	petrarch.RepairModifierClauses(deps)
	petrarch.RepairPrepositionMark(deps)
	petrarch.RepairObjectAsSubject(deps)
	petrarch.RepairModifierWithSubject(deps)
	repairInfinitiveAdvcl(deps)
	out := toks // copied on the first change: most sentences need none
	for k, dt := range deps {
		if dt.Head != toks[k].Head-lo || dt.Deprel != toks[k].Deprel {
			if &out[0] == &toks[0] {
				out = append([]doc.Token(nil), toks...)
			}
			out[k].Head, out[k].Deprel = dt.Head+lo, dt.Deprel
			if dt.Head < 0 {
				out[k].Head = -1
			}
		}
	}
	return out
}

// repairInfinitiveAdvcl mends the infinitive of an intent or threat verb
// read as an adverbial clause of purpose: "Arnor threatened on Monday |
// to close the border" with "close" an advcl. Such verbs take their
// infinitive as a complement (xcomp), whatever stands between them; one
// with a subject of its own, or a verb that already has its complement
// or has an object ("expected the envoy | to attend": what the envoy
// does, not the subject's intent), is left alone.
func repairInfinitiveAdvcl(toks []petrarch.DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	var ch [][]int
	for v, t := range toks {
		h := t.Head
		if t.Deprel != "advcl" || t.UPOS != "VERB" || h < 0 || h >= v || toks[h].UPOS != "VERB" {
			continue
		}
		if l := toks[h].Lemma; !intentHeads[l] && l != "threaten" {
			continue
		}
		if ch == nil {
			ch = make([][]int, n)
			for k, tk := range toks {
				if tk.Head >= 0 && tk.Head < n {
					ch[tk.Head] = append(ch[tk.Head], k)
				}
			}
		}
		to, ok := false, true
		for _, c := range ch[v] {
			switch r := base(toks[c].Deprel); {
			case r == "mark" && c < v:
				to = to || (toks[c].UPOS == "PART" && strings.EqualFold(toks[c].Form, "to"))
				ok = ok && strings.EqualFold(toks[c].Form, "to")
			case r == "nsubj" || r == "csubj" || r == "expl":
				ok = false
			}
		}
		for _, c := range ch[h] {
			if r := base(toks[c].Deprel); r == "xcomp" || r == "ccomp" || r == "obj" || r == "iobj" {
				ok = false
			}
		}
		if to && ok {
			toks[v].Deprel = "xcomp"
		}
	}
}

// requested reports a verb that is the complement of an appeal or demand
// ("urged Germany to send ..."), or the infinitive a warning governs
// ("warned Finland to host no troops", "warned of plans to host ..." with
// "to host" hung on the verb): what is asked for or warned about has not
// happened.
func (s *sentence) requested(i int) bool {
	if r := base(s.rel(i)); r != "xcomp" && r != "ccomp" && !(r == "advcl" && s.markedBy(i, "to")) {
		return false
	}
	h := s.head(i)
	if h < 0 {
		return false
	}
	if warnings[s.lemma(h)] && s.markedBy(i, "to") {
		return true
	}
	for _, e := range s.entries(h) {
		if !e.Noun && (strings.HasPrefix(e.Code, "02") || strings.HasPrefix(e.Code, "10")) {
			return true
		}
	}
	return false
}

// allegations are the verbs whose complement says what someone is
// accused of.
var allegations = map[string]bool{"accuse": true, "charge": true, "suspect": true, "indict": true, "convict": true,
	"blame": true, "allege": true}

// alleged reports a verb that says what an accusation alleges ("accused
// Israel of attacking ...", "charged nine suppliers with helping ..."):
// the accusation is the event, the alleged act is not coded as done.
func (s *sentence) alleged(i int) bool {
	r := base(s.rel(i))
	if r != "advcl" && r != "xcomp" && r != "acl" && r != "ccomp" {
		return false
	}
	h := s.head(i)
	return h >= 0 && allegations[s.lemma(h)] && (r == "ccomp" || s.markedBy(i, "of", "with", "for"))
}

// protestCodes are the protest triggers a purpose clause refines.
func isProtest(code string) bool { return strings.HasPrefix(code, "14") }

// demandToProtest maps what a protest demands to the protest's sub-code:
// "marched to demand the government's resignation" is 1411.
var demandToProtest = map[string]string{"1041": "1", "104": "", "1042": "2", "1043": "3", "1044": "4"}

// foldedDemand reports a demand that only states a protest's purpose; the
// protest codes it.
func (s *sentence) foldedDemand(i int) bool {
	if r := base(s.rel(i)); r != "advcl" && r != "xcomp" {
		return false
	}
	h := s.head(i)
	if h < 0 {
		return false
	}
	return s.protestAt(h) != nil && s.demandAt(i) != nil
}

func (s *sentence) protestAt(i int) *Entry {
	for _, e := range s.entries(i) {
		if _, ok := s.matches(e, i); ok && !e.Noun {
			if isProtest(e.Code) {
				return e
			}
			return nil
		}
	}
	return nil
}

// actionAt is the code of the action a complement verb names, or "".
func (s *sentence) actionAt(i int) string {
	for _, e := range s.entries(i) {
		if _, ok := s.matches(e, i); ok && !e.Noun {
			c, _, _ := strings.Cut(e.Code, ":")
			return c
		}
	}
	return ""
}

// askCode refines an appeal (02x) or demand (10x) by what is asked for.
func askCode(ask, action string) string {
	appeal := strings.HasPrefix(ask, "02")
	pick := func(a, d string) string {
		if appeal {
			return a
		}
		return d
	}
	switch {
	case action == "0841" || action == "0842" || action == "084":
		return pick("0253", "1053")
	case action == "085":
		return pick("0254", "1054")
	case strings.HasPrefix(action, "081"):
		return pick("0251", "1051")
	case strings.HasPrefix(action, "087"):
		return pick("0256", "1056")
	case action == "045":
		return pick("028", "105")
	case strings.HasPrefix(action, "04"):
		return pick("026", "108")
	case strings.HasPrefix(action, "07"):
		return pick("023", "103")
	case strings.HasPrefix(action, "06"):
		return pick("021", "100")
	case strings.HasPrefix(action, "05"):
		return pick("022", "102")
	}
	return ask
}

func (s *sentence) demandAt(i int) *Entry {
	for _, e := range s.entries(i) {
		if _, ok := s.matches(e, i); ok && !e.Noun {
			if strings.HasPrefix(e.Code, "10") {
				return e
			}
			return nil
		}
	}
	return nil
}

// governsCoded reports an intent or threat verb whose complement is a
// verb the dictionary knows.
func (s *sentence) governsCoded(i int) bool {
	l := s.lemma(i)
	if !intentHeads[l] && l != "threaten" {
		return false
	}
	for _, c := range s.children(i, "xcomp", "ccomp") {
		if s.tok(c).UPOS != "VERB" {
			continue
		}
		for _, e := range s.entries(c) {
			if _, ok := s.matches(e, c); ok && !e.Noun {
				return true
			}
		}
	}
	return false
}

// matches checks an entry's conditions at trigger i; it returns the
// target nominal the entry names (-1 when it names none).
func (s *sentence) matches(e *Entry, i int) (int, bool) {
	tgt := -1
	if e.Noun {
		// Multi-word noun triggers: the words before the head.
		for k, w := range e.Pre {
			j := i - len(e.Pre) + k
			if j < s.lo || s.lemma(j) != w {
				return -1, false
			}
		}
	}
	if e.Particle != "" {
		found := false
		for _, c := range s.children(i, "compound:prt") {
			if s.lemma(c) == e.Particle {
				found = true
			}
		}
		if !found {
			// "called on Gondor": the particle is the case of an oblique,
			// which is then the target.
			for _, c := range s.children(i, "obl", "nmod") {
				if s.caseOf(c) == e.Particle {
					found, tgt = true, c
					break
				}
			}
		}
		if !found {
			return -1, false
		}
	}
	if e.Obj != nil {
		objs := s.objects(i)
		if len(objs) == 0 && e.Noun {
			objs = s.obliques(i, "of")
		}
		if e.Obj.none {
			// "the gathering demonstrates that ...": a clause object is
			// an object too.
			if len(objs) > 0 || len(s.children(i, "ccomp")) > 0 {
				return -1, false
			}
		} else if (len(objs) == 0 || !s.objMatches(objs[0], e.Obj) && !s.inMatches(i, e.Obj)) && !s.withMatches(i, objs, e.Obj) {
			return -1, false
		}
	}
	if e.Prep != "" {
		obls := s.obliques(i, e.Prep)
		if len(obls) == 0 && e.Obj != nil {
			// "launched drones at X" with "at X" hung on the object: the
			// attachment is ambiguous, and the entry asks for both.
			for _, o := range s.objects(i) {
				obls = append(obls, s.obliques(o, e.Prep)...)
			}
		}
		ok := false
		for _, o := range obls {
			if e.PrepArg == nil || s.is(o, e.PrepArg) || s.anyConj(o, e.PrepArg) {
				ok = true
				if e.Tgt == "" && e.PrepArg == nil {
					tgt = o
				}
				break
			}
		}
		if !ok {
			return -1, false
		}
	}
	if e.Xcomp != nil {
		ok := false
		for _, c := range s.children(i, "xcomp") {
			if s.is(c, e.Xcomp) {
				ok = true
			}
		}
		if !ok {
			return -1, false
		}
	}
	if e.Tgt != "" {
		if obls := s.obliques(i, e.Tgt); len(obls) > 0 {
			tgt = obls[0]
		}
	}
	return tgt, true
}

// bareRole reports an actor code that is a role alone ("GOV"), with no
// country or organisation.
func (s *sentence) bareRole(code string) bool {
	return len(code) == 3 && isActorType(code)
}

// protestAgainst is the actor a protest at i is against, or -1: the
// noun phrase after "against" on the verb ("protested against the
// government"), on its "in protest" oblique ("blocked roads in protest
// against ..."), its object ("called a strike against ...") or a
// "protesting" clause; when that phrase is a
// measure, its author ("against the government's farm policy", "against
// the decision of the cabinet").
func (s *sentence) protestAgainst(i int) int {
	cands := s.obliques(i, "against")
	for _, c := range s.children(i, "obl", "nmod", "advcl", "xcomp", "obj") {
		if l := s.lemma(c); l == "protest" || l == "strike" || l == "boycott" {
			// "in protest against", "called a strike against"
			cands = append(cands, s.obliques(c, "against")...)
			if s.tok(c).UPOS == "VERB" {
				// "marched to protest police brutality"
				cands = append(cands, s.objects(c)...)
			}
		}
	}
	for _, o := range cands {
		if len(s.actors(o)) > 0 {
			return o
		}
		// the measure's author: "the government's policy", "the decision
		// of the cabinet", "police brutality"
		owners := append(append(s.children(o, "nmod:poss"), s.obliques(o, "of")...), s.children(o, "compound")...)
		for _, p := range owners {
			if len(s.actors(p)) > 0 || s.roleOnly(p) != nil {
				return p
			}
		}
		if s.roleOnly(o) != nil {
			return o
		}
	}
	return -1
}

// objects are the direct objects of i; a verb conjoined to an earlier one
// ("protested and condemned the statements") shares its object.
func (s *sentence) objects(i int) []int {
	if o := s.children(i, "obj"); len(o) > 0 {
		return o
	}
	// An agent with no "by" is the parser's mislabelled object ("police
	// arrested five spies" with "spies" as obl:agent).
	for _, a := range s.children(i, "obl:agent") {
		if s.caseOf(a) == "" && a > i {
			return []int{a}
		}
	}
	if s.rel(i) == "conj" {
		if h := s.head(i); h >= 0 && s.tok(h).UPOS == "VERB" {
			for _, o := range s.children(h, "obj") {
				if o > i {
					return []int{o}
				}
			}
		}
	}
	return nil
}

// objMatches tests an object condition on the object, its compounds,
// adjectives ("humanitarian aid") and conjuncts, and what it is "of" or
// "in" ("26 billion yuan in financing support", "a package of aid").
func (s *sentence) objMatches(o int, c *cond) bool {
	seen := 0
	var try func(x, depth int) bool
	try = func(x, depth int) bool {
		if seen++; seen > 64 || depth > 2 {
			return false
		}
		if s.is(x, c) {
			return true
		}
		for _, k := range s.children(x, "compound", "conj", "amod") {
			if try(k, depth+1) {
				return true
			}
		}
		for _, p := range []string{"of", "in"} {
			for _, k := range s.obliques(x, p) {
				if try(k, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return try(o, 0)
}

// inMatches tests an object condition on the verb's own "in" oblique:
// "provide 26 billion yuan in financing" with "in financing" attached to
// the verb rather than to the amount.
func (s *sentence) inMatches(i int, c *cond) bool {
	for _, o := range s.obliques(i, "in") {
		if s.objMatches(o, c) {
			return true
		}
	}
	return false
}

// withMatches tests an object condition on the verb's "with" phrase
// when the object is a recipient, not the thing given: "supply Gondor with
// grain" (the object names an actor, which targetOf then takes), and
// "Gondor was supplied with grain" (no object).
func (s *sentence) withMatches(i int, objs []int, c *cond) bool {
	if s.tok(i).UPOS != "VERB" || len(objs) > 0 && len(s.actors(objs[0])) == 0 {
		return false
	}
	for _, o := range s.children(i, "obl") {
		// The parser may hang "with" on a number inside the phrase
		// ("with 300(case) million pesos"): the phrase's first word counts.
		lo, _ := s.subtree(o, nil)
		if lo < o && s.lemma(lo) == "with" && base(s.rel(lo)) == "case" && s.objMatches(o, c) {
			return true
		}
	}
	return false
}

func (s *sentence) anyConj(i int, c *cond) bool {
	for _, j := range s.children(i, "conj") {
		if s.is(j, c) {
			return true
		}
	}
	return false
}

// obliques lists the obl/nmod dependents of i introduced by prep.
func (s *sentence) obliques(i int, prep string) []int {
	var out []int
	for _, c := range s.children(i, "obl", "nmod", "obl:agent") {
		if s.caseOf(c) == prep {
			out = append(out, c)
		}
	}
	return out
}

var (
	intentHeads = map[string]bool{"vow": true, "pledge": true, "promise": true, "plan": true, "intend": true, "aim": true,
		"commit": true, "agree": true, "offer": true, "decide": true, "prepare": true, "seek": true, "want": true, "hope": true,
		"expect": true, "undertake": true, "resolve": true}
	readyAdjs = map[string]bool{"ready": true, "willing": true, "prepared": true, "determined": true, "eager": true, "set": true}
	negWords  = map[string]bool{"not": true, "never": true, "n't": true, "no": true}
	// "Since Russia began its invasion ..." is background; "after Trump
	// threatened ..." reports a recent event and is coded; "if" and
	// "unless" clauses are conditions, not events.
	background   = map[string]bool{"since": true, "if": true, "unless": true}
	circumstance = map[string]bool{"during": true, "after": true, "before": true, "amid": true, "following": true,
		"since": true, "despite": true, "until": true, "throughout": true}
	aerial = map[string]bool{"drone": true, "warplane": true, "jet": true, "aircraft": true, "missile": true,
		"rocket": true, "bomber": true, "helicopter": true, "drones": true, "warplanes": true, "missiles": true, "rockets": true}
	missions     = map[string]bool{"embassy": true, "consulate": true, "commission": true, "mission": true, "ministry": true, "parliament": true}
	notRecipient = map[string]bool{"from": true, "against": true, "into": true, "at": true}
	truces       = map[string]bool{"ceasefire": true, "truce": true, "armistice": true}
	targetPreps  = []string{"with", "to", "against", "on", "at", "for", "from", "into", "toward", "towards", "between"}
	// Verbs whose infinitive complement is warned about, not done.
	warnings = map[string]bool{"warn": true, "caution": true}
	// Verbs whose complement is denied: "denied that it had attacked".
	// So do refusals and failures: "refuses to recognise", "failed to
	// reach an agreement".
	denials = map[string]bool{"deny": true, "reject": true, "dismiss": true, "refute": true, "refuse": true,
		"decline": true, "fail": true}
)

type modality struct {
	intent, threat, hypothetical, negated bool
	governor                              int // the intent/threat verb, -1 if none
}

func (s *sentence) modality(i int) modality {
	m := modality{governor: -1}
	for _, c := range s.children(i, "advmod", "neg", "det", "aux") {
		if negWords[s.lemma(c)] {
			m.negated = true
		}
	}
	for _, c := range s.children(i, "aux") {
		switch s.lemma(c) {
		case "will", "would", "shall", "'ll":
			m.intent = true
		case "may", "might", "could":
			m.hypothetical = true
		}
	}
	// "denied that it had attacked", "denied supplying weapons"
	if h := s.head(i); h >= 0 && (base(s.rel(i)) == "ccomp" || base(s.rel(i)) == "xcomp") && denials[s.lemma(h)] {
		m.negated = true
	}
	// Governing verb: "vowed to ensure", "threatened to impose", "is ready to help".
	if h := s.head(i); h >= 0 && (s.rel(i) == "xcomp" || s.rel(i) == "ccomp") {
		switch l := s.lemma(h); {
		case l == "threaten":
			m.threat, m.governor = true, h
		case intentHeads[l] || readyAdjs[l]:
			m.intent, m.governor = true, h
		}
		if m.governor >= 0 {
			for _, c := range s.children(h, "advmod", "neg") {
				if negWords[s.lemma(c)] {
					m.negated = true
				}
			}
		}
	}
	return m
}

func (s *sentence) markedBy(i int, words ...string) bool {
	for _, c := range s.children(i, "mark", "case") {
		for _, w := range words {
			if s.lemma(c) == w {
				return true
			}
		}
	}
	return false
}

// inBackground reports a trigger inside an adverbial clause of time or
// concession ("Since Russia began its invasion ...").
func (s *sentence) inBackground(i int) bool {
	for x, n := i, 0; x >= 0 && n < 64; x, n = s.head(x), n+1 {
		if base(s.rel(x)) == "advcl" {
			for _, c := range s.children(x, "mark") {
				if background[s.lemma(c)] {
					return true
				}
			}
		}
	}
	return false
}

// subjectOf finds the subject of trigger i: its own nsubj, else that of
// the verb it is an open complement or conjunct of (control, shared
// subjects), else the possessor of a noun trigger.
func (s *sentence) subjectOf(i int) (subj int, passive bool) {
	for x, n := i, 0; x >= 0 && n < 16; n++ {
		if ss := s.children(x, "nsubj:pass"); len(ss) > 0 {
			return s.pickSubj(ss), x == i
		}
		if ss := s.children(x, "nsubj", "csubj"); len(ss) > 0 {
			return s.pickSubj(ss), false
		}
		if f := s.frontedSubj(x); f >= 0 {
			return f, false
		}
		if s.tok(x).UPOS == "NOUN" || s.tok(x).UPOS == "PROPN" {
			if ps := s.children(x, "nmod:poss"); len(ps) > 0 {
				return ps[0], false
			}
			// "the arrest of X by Y": no subject but the by-phrase.
			return -1, false
		}
		switch r := base(s.rel(x)); r {
		case "xcomp", "conj", "ccomp", "advcl":
			if r == "ccomp" {
				return -1, false
			}
			h := s.head(x)
			if h >= 0 && (r == "xcomp" || (r == "advcl" && s.markedBy(x, "of", "for"))) {
				// Object control: "accused Hezbollah of violating ...",
				// "urged Germany to send ...".
				if o := s.children(h, "obj"); len(o) > 0 {
					return o[0], false
				}
			}
			x = h
		default:
			return -1, false
		}
	}
	return -1, false
}

func (s *sentence) code(e *Entry, i, tgt int) []doc.Event {
	if s.inBackground(i) {
		return nil
	}
	m := s.modality(i)
	subj, passive := s.subjectOf(i)
	if hasPrefix(e.Code, "04", "17", "18", "19") && s.sporting(i, subj) {
		// "beating Japan in the final", "will host Pakistan for a test
		// series": a game, not a meeting or an assault.
		return nil
	}
	if strings.HasPrefix(e.Code, "084") && s.releasesPublication(i, subj, passive) {
		// "industrial output figures were released", "released a
		// report": published, not set free.
		return nil
	}
	if subj < 0 && s.aclSubject(i, e) {
		subj = s.head(i)
	}
	src := subj
	if passive {
		src, tgt = -1, subj
		if by := s.obliques(i, "by"); len(by) > 0 {
			src = by[0]
		} else if ag := s.children(i, "obl:agent"); len(ag) > 0 {
			src = ag[0]
		}
	} else if e.Noun && src < 0 {
		if by := s.obliques(i, "by"); len(by) > 0 {
			src = by[0]
		} else {
			// "the arrest of X by Y" with "by Y" hung under X.
			for _, o := range s.obliques(i, "of") {
				if by := s.obliques(o, "by"); len(by) > 0 {
					src = by[0]
					break
				}
			}
		}
	}
	if tgt < 0 && !passive {
		tgt = s.targetOf(i, e)
	}
	if isProtest(e.Code) && (tgt < 0 || len(s.actors(tgt)) == 0) {
		// "protested outside the Israeli embassy": the mission stands for
		// its government.
		for _, p := range []string{"outside", "at", "near", "before"} {
			for _, o := range s.obliques(i, p) {
				if missions[s.lemma(o)] && len(s.actors(o)) > 0 {
					tgt = o
				}
			}
		}
	}
	if isProtest(e.Code) && (tgt < 0 || len(s.actors(tgt)) == 0) {
		for _, c := range s.children(i, "advcl", "xcomp") {
			if de := s.demandAt(c); de != nil {
				if t2 := s.targetOf(c, de); t2 >= 0 && len(s.actors(t2)) > 0 {
					tgt = t2
				}
				break
			}
		}
	}
	if isProtest(e.Code) && (tgt < 0 || len(s.actors(tgt)) == 0 && s.roleOnly(tgt) == nil) {
		if t2 := s.protestAgainst(i); t2 >= 0 {
			tgt = t2
		}
	}
	var srcs []actorRef
	if src == subj && !passive {
		srcs = s.subjActors(src)
	} else {
		srcs = s.actors(src)
	}
	if len(srcs) == 0 && src >= 0 {
		// "Thousands of farmers protested in Paris", "protesters in
		// Belgrade demanded ...": a role with no country takes the country
		// of the place where it acts or where it is.
		if r := s.roleOnly(src); r != nil {
			c := s.placeCountry(i)
			if c == "" {
				c = s.placeCountry(src)
			}
			if c == "" && hasPrefix(e.Code, "17") && r.code == "COP" {
				// "the arrest of a Pakistani opposition leader by police":
				// police arrest at home, so they are the target's.
				for _, a := range s.actors(tgt) {
					if c = countryPart(a.code); c != "" {
						break
					}
				}
			}
			if c != "" {
				r.code = c + r.code
				srcs = []actorRef{*r}
			}
		}
	}
	agentless := false
	if len(srcs) == 0 {
		if !passive || src >= 0 {
			return nil // no source actor: not an event we can attribute
		}
		agentless = true
		srcs = []actorRef{{entity: -1}}
	}
	// A paired code ("042:043") codes the reverse direction too: X visits
	// Y, Y hosts X.
	code, back, _ := strings.Cut(e.Code, ":")
	if strings.HasPrefix(code, "02") || strings.HasPrefix(code, "10") {
		// "urged Myanmar to release prisoners": an appeal or demand for
		// the action its complement names.
		for _, c := range s.children(i, "xcomp", "ccomp", "advcl") {
			if base(s.rel(c)) == "advcl" && !s.markedBy(c, "to") {
				continue // "called on X to release ..." parsed as a purpose clause
			}
			if ac := s.actionAt(c); ac != "" {
				code = askCode(code, ac)
				break
			}
		}
	}
	if isProtest(code) {
		// "marched to demand the resignation of the government": a protest
		// for leadership change, aimed at the government.
		for _, c := range s.children(i, "advcl", "xcomp") {
			if de := s.demandAt(c); de != nil {
				if suffix, ok := demandToProtest[de.Code]; ok && len(code) == 3 && suffix != "" {
					code += suffix
				}
				if t2 := s.targetOf(c, de); t2 >= 0 && len(s.actors(t2)) > 0 {
					tgt = t2
				}
				break
			}
		}
	}
	var tgts []actorRef
	if passive && tgt == subj {
		tgts = s.subjActors(tgt)
	} else {
		tgts = s.actors(tgt)
	}
	bare := len(tgts) == 1 && s.bareRole(tgts[0].code)
	if (len(tgts) == 0 && tgt >= 0 || bare) && len(srcs) > 0 && len(srcs[0].code) >= 3 && !strings.HasPrefix(srcs[0].code, "IGO") &&
		hasPrefix(code, "17", "181", "104", "14") {
		// "Chilean police detained a former minister", "protesters
		// demanded the resignation of the prime minister": a role with no
		// country arrested, abducted, protested against or asked to go
		// takes the place's country, else the actor's (such acts are
		// mostly at home; attacks are not). So does a titled person the
		// dictionaries do not know ("Prime Minister Jane Roe": GOV).
		r := s.roleOnly(tgt)
		if bare {
			r = &tgts[0]
		}
		if r != nil {
			c := s.placeCountry(i)
			if c == "" {
				c = countryPart(srcs[0].code) // (a bare-role actor has none to lend)
			}
			if c != "" {
				r.code = c + r.code
				tgts = []actorRef{*r}
			}
		}
	}
	if code == "150" && (len(srcs) > 1 || s.jointObject(i)) {
		// "Manila and Hanoi agreed to hold joint coast guard drills":
		// exercising together is military cooperation, not a show of
		// force (nor, as an intent, a threat).
		code = "062"
	}
	if code == "190" && src >= 0 && aerial[s.lemma(src)] {
		// "drones struck ...": an attack by aerial weapons is 195.
		code = "195"
	}
	if len(tgts) == 0 && len(srcs) > 0 && hasPrefix(code, "18", "19", "20") {
		// "missiles hit a power plant in Ukraine": an attack on a place
		// targets the country it is in ("protesters in Nairobi clashed
		// with police": where the attackers are).
		c := s.placeCountry(i)
		if c == "" && src >= 0 {
			c = s.placeCountry(src)
		}
		if c != "" {
			ref := actorRef{code: c, entity: -1}
			if r := s.roleOnly(tgt); r != nil {
				// "killed five police officers in Nigeria": NGACOP
				ref.code = c + r.code
			}
			if tgt >= 0 {
				lo, hi := s.subtree(tgt, npSkip)
				ref.span = &text.Span{Start: s.tok(lo).Start, End: s.tok(hi).End}
			}
			tgts = []actorRef{ref}
		}
	}
	if m.intent && m.governor >= 0 && strings.HasPrefix(code, "16") {
		if l := s.lemma(m.governor); l == "agree" || l == "decide" {
			// "The EU agreed to extend its sanctions", "decided to cut
			// ties": a decision to reduce relations is the measure
			// itself, not an intent.
			m.intent = false
		}
	}
	mod := ""
	switch {
	case m.threat:
		code, mod = threatCode(code), "threat"
		back = ""
	case m.intent && !strings.HasPrefix(code, "03"):
		code, mod = intentCode(code), "intent"
		back = "" // an intent to visit is not yet a hosting
	case m.intent:
		mod = "intent"
	case m.hypothetical:
		mod = "hypothetical"
	}
	if m.negated {
		back = ""
	}
	conf := 0.8
	if e.nconds == 0 {
		conf = 0.65
	}
	if m.hypothetical {
		conf *= 0.7
	}
	if m.negated {
		conf *= 0.5
	}
	if agentless {
		conf *= 0.6
	}
	if len(tgts) == 0 && len(srcs) > 1 && mutual(code) {
		// "Egypt and Saudi Arabia signed an agreement", "Greece and Turkey
		// held talks": the conjuncts act with each other.
		var out []doc.Event
		for _, a := range srcs {
			for _, b := range srcs {
				if a.code != "" && b.code != "" && a.code != b.code {
					out = append(out, s.mkEvent(e, i, code, "", mod, m, conf, a, b)...)
				}
			}
		}
		return out
	}
	if len(tgts) == 0 {
		if !targetless(code) {
			// No target actor: PETRARCH's require_dyad. Protests and force
			// postures are kept without one (with the target phrase, if
			// any, as evidence).
			return nil
		}
		if code == "130" && len(s.children(i, "xcomp", "ccomp", "obj", "obl")) == 0 {
			// "Rangers had rarely threatened": a threat of nothing
			// against no one.
			return nil
		}
		if code == "130" && s.lemma(i) == "warn" && len(s.objects(i)) == 0 && !s.warnsOfForce(i) {
			// "Heineken warned that earnings may slide", "the IMF warned
			// that the deficit was too large": a forecast, not a threat,
			// when it warns no one and of no force or sanction.
			return nil
		}
		conf *= 0.8
		ref := actorRef{entity: -1}
		if tgt >= 0 {
			lo, hi := s.subtree(tgt, npSkip)
			ref.span = &text.Span{Start: s.tok(lo).Start, End: s.tok(hi).End}
		}
		tgts = []actorRef{ref}
	}
	var out []doc.Event
	for _, a := range srcs {
		for _, b := range tgts {
			if a.code != "" && a.code == b.code && a.entity == b.entity {
				continue
			}
			if a.code == "" && b.code == "" {
				continue // neither side known
			}
			out = append(out, s.mkEvent(e, i, code, back, mod, m, conf, a, b)...)
		}
	}
	return out
}

func hasPrefix(code string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// mutual codes are those two conjoined actors can perform with each other.
func mutual(code string) bool {
	if code == "193" {
		// "Indian and Pakistani troops exchanged fire", "X and Y clashed":
		// fighting between the conjuncts.
		return true
	}
	for _, p := range []string{"03", "04", "05", "06"} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// sportsWords name games and the teams that play them.
var sportsWords = map[string]bool{"final": true, "semifinal": true, "semi-final": true, "quarterfinal": true,
	"match": true, "game": true, "qualifier": true, "tournament": true, "cup": true, "championship": true,
	"league": true, "series": true, "friendly": true, "opener": true, "medal": true, "derby": true,
	"team": true, "side": true, "squad": true, "club": true, "olympics": true, "test": true, "fixture": true}

// nonSportTeams modify a team that plays no game.
var nonSportTeams = map[string]bool{"government": true, "negotiating": true, "diplomatic": true, "rescue": true,
	"medical": true, "legal": true, "technical": true, "security": true, "inspection": true, "investigation": true,
	"expert": true, "ministerial": true, "military": true}

// sporting reports a trigger about a game: its subject is a team, or it
// has an oblique or object about a match ("in the final", "for a test
// series"), or a score follows it ("beat Argentina 2-1").
func (s *sentence) sporting(i, subj int) bool {
	// a common noun ("the Paris Club" is a name); a team that is no
	// government's or negotiators' ("a French government team")
	sport := func(x int) bool {
		if s.tok(x).UPOS != "NOUN" || !sportsWords[s.lemma(x)] {
			return false
		}
		for _, c := range s.children(x, "compound", "amod") {
			if nonSportTeams[s.lemma(c)] {
				return false
			}
		}
		return true
	}
	if subj >= 0 && sport(subj) {
		return true
	}
	for _, o := range s.children(i, "obl", "obj", "nmod", "advmod", "nummod") {
		if sport(o) {
			return true
		}
		for _, c := range append(s.children(o, "compound", "amod", "nmod"), o) {
			if isScore(s.tok(c).Form) || c != o && sport(c) {
				return true
			}
		}
	}
	for k := i + 1; k < s.hi && k <= i+4; k++ {
		if isScore(s.tok(k).Form) {
			return true
		}
	}
	return false
}

// isScore reports a game score such as "2-1" or "4–0".
func isScore(w string) bool {
	a, b, ok := strings.Cut(strings.ReplaceAll(w, "–", "-"), "-")
	if !ok || a == "" || b == "" || len(a) > 3 || len(b) > 3 {
		return false
	}
	for _, r := range a + b {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// publications are what is released by publishing it.
var publications = map[string]bool{"report": true, "data": true, "figure": true, "figures": true, "output": true,
	"statement": true, "result": true, "results": true, "video": true, "footage": true, "album": true, "film": true,
	"detail": true, "details": true, "list": true, "document": true, "documents": true, "information": true,
	"statistics": true, "survey": true, "study": true, "book": true, "song": true, "single": true, "version": true,
	"update": true, "earnings": true, "forecast": true, "estimate": true, "estimates": true, "record": true, "records": true}

// releasesPublication reports a release whose object (or, in the
// passive, subject) is published rather than set free.
func (s *sentence) releasesPublication(i, subj int, passive bool) bool {
	things := s.objects(i)
	if passive && subj >= 0 {
		things = append(things, subj)
	}
	for _, o := range things {
		if publications[s.lemma(o)] {
			return true
		}
	}
	return false
}

// jointObject reports a trigger whose object is done together ("joint
// drills", "a joint exercise").
func (s *sentence) jointObject(i int) bool {
	for _, o := range s.objects(i) {
		for _, c := range s.children(o, "amod", "compound") {
			if l := s.lemma(c); l == "joint" || l == "combined" || l == "bilateral" {
				return true
			}
		}
	}
	return false
}

// warnsOfForce reports a warning of force or of a sanction: "warned of
// retaliation", "warned of sanctions" (its "of" oblique or object).
func (s *sentence) warnsOfForce(i int) bool {
	for _, o := range append(s.obliques(i, "of"), s.objects(i)...) {
		if l := s.lemma(o); s.st.Dict.inSet("FORCE", l) || s.st.Dict.inSet("SANCTION", l) || l == "retaliation" || l == "consequences" || l == "response" {
			return true
		}
	}
	return false
}

// targetless codes may be kept without a target actor.
func targetless(code string) bool {
	// Threats (13) are kept too: "X threatened to impose tariffs" names no
	// target often enough, and the threat itself is the news.
	return strings.HasPrefix(code, "13") || strings.HasPrefix(code, "14") || strings.HasPrefix(code, "15")
}

// mkEvent builds the event a→b (and b→a for a paired code).
func (s *sentence) mkEvent(e *Entry, i int, code, back, mod string, m modality, conf float64, a, b actorRef) []doc.Event {
	info, _ := cameo.Lookup(code)
	trig := s.tok(i).Span
	if m.governor >= 0 {
		trig = text.Span{Start: min(trig.Start, s.tok(m.governor).Start), End: max(trig.End, s.tok(m.governor).End)}
	}
	date, prec, tx := s.dateOf(i)
	ev := doc.Event{
		Source: a.actor(s.d), Target: b.actor(s.d),
		Code: code, Root: info.Root, QuadClass: info.QuadClass, Goldstein: info.Goldstein,
		PloverType: info.PloverType, PloverMode: info.PloverMode,
		Date: date, DatePrecision: prec, DateTimex: tx, Place: s.placeOf(i),
		Sentence: s.sentSpan, Trigger: trig, Pattern: e.ID,
		Negated: m.negated, Modality: mod, Confidence: conf, Mentions: 1,
		Coder: Coder, Dictionary: s.st.Dict.Hash + "+" + cameo.Version, Model: s.model,
	}
	ev.ID = eventID(s.d.ID, ev)
	out := []doc.Event{ev}
	if back != "" && a.code != "" && b.code != "" {
		rev := ev
		bi, _ := cameo.Lookup(back)
		rev.Source, rev.Target = ev.Target, ev.Source
		rev.Code, rev.Root, rev.QuadClass, rev.Goldstein = back, bi.Root, bi.QuadClass, bi.Goldstein
		rev.PloverType, rev.PloverMode = bi.PloverType, bi.PloverMode
		rev.ID = eventID(s.d.ID, rev)
		out = append(out, rev)
	}
	return out
}

// targetOf picks the target nominal: the object, else an indirect object,
// else an oblique with a directional preposition.
func (s *sentence) targetOf(i int, e *Entry) int {
	for _, o := range append(s.objects(i), s.children(i, "iobj")...) {
		if len(s.actors(o)) > 0 {
			return o
		}
		// "welcomed the decision by X", "condemned the attack by X": the
		// author of what is reacted to is the target.
		for _, n := range s.obliques(o, "by") {
			if len(s.actors(n)) > 0 {
				return n
			}
		}
		// "condemned the statements issued by X": X is the target.
		for _, a := range s.children(o, "acl") {
			for _, n := range s.obliques(a, "by") {
				if len(s.actors(n)) > 0 {
					return n
				}
			}
		}
		// "condemned the attack on X": the object's own modifier, also
		// deeper ("pledged 50 million dollars in aid to X", where the
		// parser hangs "to X" under "aid").
		if n := s.deepTarget(o); n >= 0 {
			return n
		}
		// The same with "in aid" hung on the verb: the amount's kind,
		// right after the object, carries the recipient.
		if k := s.kindOf(i, o); k >= 0 {
			if n := s.deepTarget(k); n >= 0 {
				return n
			}
		}
		for _, n := range s.obliques(o, "of") {
			if len(s.actors(n)) > 0 && e.Noun {
				return n
			}
		}
	}
	if strings.HasPrefix(e.Code, "15") {
		// "deployed warships around Taiwan", "massed troops near X": a
		// show of force is aimed at the place it surrounds.
		// (also when hung on the object: "warships around Taiwan")
		heads := append([]int{i}, s.objects(i)...)
		for _, p := range []string{"around", "near", "off"} {
			for _, h := range heads {
				for _, o := range s.obliques(h, p) {
					if len(s.actors(o)) > 0 {
						return o
					}
				}
			}
		}
	}
	for _, p := range targetPreps {
		if strings.HasPrefix(e.Code, "07") && notRecipient[p] {
			continue // "provide cover from sanctions": not the recipient
		}
		for _, o := range s.obliques(i, p) {
			if len(s.actors(o)) > 0 {
				return o
			}
		}
	}
	// "deployed troops to its border with X", "spoke by phone with X"
	// (with "with X" under "phone").
	for _, o := range s.children(i, "obl", "nmod") {
		// Only through a target preposition or "by phone": "signed a deal
		// during Putin's visit to Beijing" has no target in the visit.
		if cs := s.caseOf(o); cs != "by" && !isTargetPrep(cs) || cs == "by" && s.tok(o).UPOS == "PROPN" {
			continue
		}
		if n := s.deepTarget(o); n >= 0 {
			return n
		}
	}
	// "provide loans and assistance to X" with "assistance" parsed as a
	// conjunct of the verb: its modifiers still name the target.
	for _, c := range s.children(i, "conj") {
		if u := s.tok(c).UPOS; u == "NOUN" && c > i {
			if n := s.deepTarget(c); n >= 0 {
				return n
			}
		}
	}
	// "met her Malaysian counterpart" parsed with "her" as the object and
	// the counterpart as a bare oblique.
	for _, o := range s.children(i, "obl") {
		if s.caseOf(o) == "" && s.tok(o).UPOS != "PROPN" && !timeWords[s.lemma(o)] && len(s.actors(o)) > 0 {
			return o
		}
	}
	if e.Noun {
		for _, o := range s.obliques(i, "of") {
			if len(s.actors(o)) > 0 {
				return o
			}
		}
	}
	// "called for a ceasefire in Sudan": a truce is between the parties
	// where it would hold.
	for _, o := range append(s.objects(i), s.children(i, "obl")...) {
		if truces[s.lemma(o)] {
			for _, n := range s.obliques(o, "in") {
				if len(s.actors(n)) > 0 {
					return n
				}
			}
		}
	}
	if hasPrefix(e.Code, "02", "10") {
		// "demanded that Ukraine restore ...", "urged that the EU act":
		// who is asked is the subject of the clause asked for.
		for _, c := range s.children(i, "ccomp") {
			for _, n := range s.children(c, "nsubj", "nsubj:pass") {
				if len(s.actors(n)) > 0 {
					return n
				}
			}
		}
	}
	if objs := s.objects(i); len(objs) > 0 {
		return objs[0]
	}
	return -1
}

// kindOf finds the verb's "in" oblique that starts right after object o
// ("pledged $5 million | in aid to X" with "in aid" on the verb): the
// kind of the amount given, which belongs to the object. -1 when none.
func (s *sentence) kindOf(i, o int) int {
	_, hi := s.subtree(o, npSkip)
	for _, n := range s.obliques(i, "in") {
		if lo, _ := s.subtree(n, nil); lo == hi+1 {
			return n
		}
	}
	return -1
}

func isTargetPrep(p string) bool {
	for _, q := range targetPreps {
		if p == q {
			return true
		}
	}
	return false
}

// deepTarget finds, under nominal o, the nearest prepositional modifier
// with a target preposition (to, with, against ...) that names an actor,
// through at most three nominal levels; -1 when none.
func (s *sentence) deepTarget(o int) int {
	level := []int{o}
	for depth := 0; depth < 3 && len(level) > 0; depth++ {
		var next []int
		for _, x := range level {
			for _, p := range targetPreps {
				for _, n := range s.obliques(x, p) {
					if len(s.actors(n)) > 0 {
						return n
					}
				}
			}
			for _, c := range s.children(x, "nmod", "obl") {
				// Not through circumstances: "an agreement during Putin's
				// visit to Beijing" is not an agreement with Beijing.
				if s.rel(c) != "nmod:poss" && !circumstance[s.caseOf(c)] {
					next = append(next, c)
				}
			}
		}
		level = next
	}
	return -1
}

// threatCode maps an action code to the threat of that action.
func threatCode(code string) string {
	switch {
	case code == "163":
		return "1312"
	case code == "161":
		return "1313"
	case code == "162":
		return "1311"
	case strings.HasPrefix(code, "16"):
		return "131"
	case strings.HasPrefix(code, "17"):
		return "137"
	case strings.HasPrefix(code, "15"), strings.HasPrefix(code, "18"), strings.HasPrefix(code, "19"), strings.HasPrefix(code, "20"):
		if code == "191" {
			return "1381"
		}
		if code == "192" {
			return "1382"
		}
		return "138"
	case strings.HasPrefix(code, "14"):
		return "133"
	case strings.HasPrefix(code, "13"):
		return code
	}
	return "130"
}

// intentCode maps a cooperative action to its 03x "express intent" code.
func intentCode(code string) string {
	m := map[string]string{
		"061": "0311", "062": "0312", "063": "0313", "064": "0314",
		"071": "0331", "072": "0332", "073": "0333", "074": "0334",
		"0841": "0353", "0842": "0353", "084": "0353", "085": "0354", "081": "0351", "082": "0352", "087": "0356", "0871": "0356", "086": "0355",
		"045": "039", "046": "036",
	}
	if c, ok := m[code]; ok {
		return c
	}
	switch {
	case strings.HasPrefix(code, "04"):
		return "036"
	case strings.HasPrefix(code, "05"):
		return "032"
	case strings.HasPrefix(code, "06"):
		return "031"
	case strings.HasPrefix(code, "07"):
		return "033"
	case strings.HasPrefix(code, "08"):
		return "035"
	case strings.HasPrefix(code, "01"), strings.HasPrefix(code, "02"), strings.HasPrefix(code, "09"):
		return "030"
	case strings.HasPrefix(code, "15"), strings.HasPrefix(code, "16"), strings.HasPrefix(code, "17"),
		strings.HasPrefix(code, "18"), strings.HasPrefix(code, "19"), strings.HasPrefix(code, "20"):
		// "vowed to attack": a stated intent to use force is a threat.
		return threatCode(code)
	}
	return code // verbal conflict keeps its code
}

// dateOf takes the date of a timex in the trigger's clause, else the
// publication date.
func (s *sentence) dateOf(i int) (string, string, int) {
	if len(s.d.Timexes) > 0 {
		lo, hi := s.clauseSpan(i)
		for k, tx := range s.d.Timexes {
			if tx.Type != "DATE" || tx.Start < lo || tx.End > hi || len(tx.Value) < 4 {
				continue
			}
			prec := tx.Granularity
			if prec == "" {
				switch len(tx.Value) {
				case 4:
					prec = "year"
				case 7:
					prec = "month"
				default:
					prec = "day"
				}
			}
			return tx.Value, prec, k
		}
	}
	if s.pubDate != "" {
		return s.pubDate, "publication", -1
	}
	return "", "", -1
}

// placeOf takes a place in the trigger's clause introduced by in/at.
func (s *sentence) placeOf(i int) int {
	if len(s.d.Places) == 0 {
		return -1
	}
	for _, p := range []string{"in", "at", "near"} {
		for _, o := range s.obliques(i, p) {
			sp := s.tok(o).Span
			for k, pl := range s.d.Places {
				if pl.Start <= sp.Start && pl.End >= sp.End {
					return k
				}
			}
		}
	}
	return -1
}

// clauseSpan is the byte range of the trigger's clause: its subtree, or its
// head's when it is a complement.
func (s *sentence) clauseSpan(i int) (int, int) {
	x := i
	if r := base(s.rel(i)); (r == "xcomp" || r == "conj") && s.head(i) >= 0 {
		x = s.head(i)
	}
	a, b := s.subtree(x, nil)
	return s.tok(a).Start, s.tok(b).End
}

// subtree returns the first and last token of i's subtree, leaving out
// dependents whose relation is in skip.
func (s *sentence) subtree(i int, skip map[string]bool) (int, int) {
	lo, hi := i, i
	stack := []int{i}
	seen := 0
	for len(stack) > 0 && seen < s.hi-s.lo+1 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seen++
		lo, hi = min(lo, x), max(hi, x)
		for _, c := range s.kids[x-s.lo] {
			if skip != nil && skip[s.rel(c)] {
				continue
			}
			stack = append(stack, c)
		}
	}
	return lo, hi
}

func eventID(docID string, e doc.Event) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d|%s|%s|%s", docID, e.Trigger.Start, e.Trigger.End, e.Source.Code, e.Target.Code, e.Code)))
	return "ev_" + hex.EncodeToString(h[:6])
}

// dedupe merges events of one story with the same source, target, code
// and date, counting mentions; the first keeps its evidence.
func dedupe(evs []doc.Event, story []int) []doc.Event {
	type key struct {
		s, t, c, d string
		story      int
	}
	idx := map[key]int{}
	var out []doc.Event
	for n, e := range evs {
		k := key{e.Source.Code, e.Target.Code, e.Code, e.Date, story[n]}
		if e.Source.Code == "" || (e.Target.Code == "" && e.Target.Span != nil) || e.Negated {
			// Unresolved actors and negated events are kept apart: their
			// identity rests on the span, not the code.
			k.s += fmt.Sprint(e.Trigger.Start)
		}
		if j, ok := idx[k]; ok {
			out[j].Mentions++
			continue
		}
		idx[k] = len(out)
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Trigger.Start < out[j].Trigger.Start })
	return out
}

func isActorType(code string) bool { _, ok := cameo.ActorType(code); return ok }

// countryPart is the country an actor code starts with ("CHNGOV" → "CHN"),
// or "" when it starts with an organisation or a role type ("IGOUNO",
// "BUS").
func countryPart(code string) string {
	if len(code) < 3 || isActorType(code[:3]) {
		return ""
	}
	return code[:3]
}
