package store

import (
	"encoding/base64"
	"strings"
)

// EncodeCursor packs keyset values into an opaque page cursor.
func EncodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x1f")))
}

// DecodeCursor unpacks a cursor made by EncodeCursor with n parts; a cursor
// that is not one is an invalid-argument error.
func DecodeCursor(op, c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, Errorf(CodeInvalid, op, "bad cursor")
	}
	parts := strings.Split(string(b), "\x1f")
	if len(parts) != n {
		return nil, Errorf(CodeInvalid, op, "bad cursor")
	}
	return parts, nil
}

// PageSize applies the default and the cap.
func PageSize(n int) int {
	if n <= 0 {
		return DefaultPageSize
	}
	if n > MaxPageSize {
		return MaxPageSize
	}
	return n
}
