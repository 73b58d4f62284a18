package main

// PostgreSQL for --db postgres://... (ingest, serve, search, stats, bench query).
import _ "github.com/newsgraph/newsgraph/internal/store/postgres"
