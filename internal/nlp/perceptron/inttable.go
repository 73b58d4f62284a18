package perceptron

// IntTable is Int(v) for one value v, precomputed for every hash state.
// FNV-1a's step on a byte b, x -> (x^b)·p, is x·p plus a term that depends
// only on b and the low byte of x, and the low byte of x·p depends only on
// the low byte of x; so Int(v) takes a state x to x·p^8 + c[x mod 256]
// exactly (arithmetic mod 2^64), one multiply where Int makes eight in a
// chain. Building one costs 2,048 multiplies: worth it for values mixed in
// thousands of times (a parser's part-of-speech tags), not for one-off ones.
type IntTable struct {
	c [256]uint64
}

// fnvPrime8 is fnvPrime to the eighth power, mod 2^64.
const fnvPrime8 = fnvPrime6 * fnvPrime * fnvPrime % (1 << 64)

// NewIntTable builds the table of v.
func NewIntTable(v int) *IntTable {
	t := &IntTable{}
	var h Hasher
	for l := range t.c {
		h.h = uint64(l)
		t.c[l] = h.Int(v).h - uint64(l)*fnvPrime8
	}
	return t
}

// IntTab is Int(v) for the v that t was built from.
func (h *Hasher) IntTab(t *IntTable) *Hasher {
	h.h = h.h*fnvPrime8 + t.c[h.h&0xff]
	return h
}
