// Package shared locates the team's shared folder (../shared beside the
// repository) where data sets and the seed page are read at test and train
// time. Their text is never copied into the repository.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder: $NEWSGRAPH_SHARED, else ../shared next to
// the module root found by walking up from the working directory.
func Dir() (string, bool) {
	if d := os.Getenv("NEWSGRAPH_SHARED"); d != "" {
		return d, isDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(d), "shared")
			return s, isDir(s)
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Path joins elements onto the shared folder.
func Path(elem ...string) string {
	d, _ := Dir()
	return filepath.Join(append([]string{d}, elem...)...)
}

// Require returns the path of a file or folder under the shared folder, or
// skips the test when it is absent. In CI (CI=true) a missing folder fails
// instead: the shared data is always there.
func Require(t testing.TB, elem ...string) string {
	t.Helper()
	p := Path(elem...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data missing in CI: %s", p)
		}
		t.Skipf("shared data not available: %s", p)
	}
	return p
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
