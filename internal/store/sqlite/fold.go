package sqlite

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// fold gathers the upserts of a Put batch whose rows many documents touch
// (entities, aliases, names, entity pairs and the roll-ups) and writes each
// key once when the batch ends: a popular entity or a busy day is then one
// statement per batch instead of one per document or event. Each fold
// applies the same rule the per-row upsert did, so the stored rows are the
// ones row-at-a-time writing gives (roll-up Goldstein sums may differ in the
// last bit, as any change in addition order does).
type fold struct {
	ents *sqlq.EntityFold
	roll *sqlq.Rollups
}

func newFold() *fold { return &fold{ents: sqlq.NewEntityFold(), roll: sqlq.NewRollups()} }

// flush writes the folded rows with the layer statements and empties the fold.
func (f *fold) flush(ctx context.Context, l *layerStmts) error {
	write := func(table string, rows func(fn func(vals ...any) error) error) error {
		st := l.upsert[table]
		if err := rows(func(vals ...any) error {
			_, err := st.ExecContext(ctx, vals...)
			return err
		}); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		return nil
	}
	for _, t := range sqlq.EntityTables {
		if err := write(t.Name, func(fn func(...any) error) error { return t.Rows(f.ents, fn) }); err != nil {
			return err
		}
	}
	for _, t := range sqlq.RollupTables {
		if err := write(t.Name, func(fn func(...any) error) error { return t.Rows(f.roll, fn) }); err != nil {
			return err
		}
	}
	*f = *newFold()
	return nil
}
