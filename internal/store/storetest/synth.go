package storetest

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// Synth is a synthetic document generator over the shared CAMEO codes
// (cfg.CameoDir is set; t skips where the shared data is missing).
func Synth(t testing.TB, cfg synth.Config) *synth.Gen {
	t.Helper()
	cfg.CameoDir = shared.Require(t, "data", "cameo")
	g, err := synth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
