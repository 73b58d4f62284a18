package store

import "strings"

// Cond is a WHERE clause under construction, shared by the SQL backends (internal/store/sqlq builds their event filters).
// Placeholders are "?"; a backend that numbers them rebinds the query.
type Cond struct {
	Parts []string
	Args  []any
}

// Add appends a condition and its arguments.
func (c *Cond) Add(sql string, args ...any) {
	c.Parts = append(c.Parts, sql)
	c.Args = append(c.Args, args...)
}

// Where is the clause, "1=1" when empty (true in every dialect).
func (c *Cond) Where() string {
	if len(c.Parts) == 0 {
		return "1=1"
	}
	return strings.Join(c.Parts, " AND ")
}

// Clone copies the clause so branches can grow apart.
func (c Cond) Clone() Cond {
	return Cond{Parts: append([]string(nil), c.Parts...), Args: append([]any(nil), c.Args...)}
}
