# The test command (README): vet, unit and integration tests, then each fuzz
# target for a short time.
GO ?= go
FUZZTIME ?= 4s

.PHONY: test unit fuzz build demo

test: unit fuzz

unit:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz-all

build:
	$(GO) build -o newsgraph ./cmd/newsgraph

demo:
	$(GO) run ./cmd/newsgraph demo
