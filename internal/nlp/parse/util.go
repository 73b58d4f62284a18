package parse

import "strings"

func univ(rel string) string {
	r, _, _ := strings.Cut(rel, ":")
	return r
}
