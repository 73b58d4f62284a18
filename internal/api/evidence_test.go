package api

import "testing"

// TestSQLiteEvidenceSpans checks that an event's highlights cover, in the
// story text the API returns, exactly the text the record quotes.
func TestSQLiteEvidenceSpans(t *testing.T) { checkEvidence(t, openSQLite(t)) }
