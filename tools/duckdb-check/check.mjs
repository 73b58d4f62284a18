// Runs SQL statements with DuckDB and prints, for the last one, its columns
// (name and DuckDB type) and rows as JSON on stdout. newsgraph's tests use
// it to read the Parquet and TSV exports back the way analysts do.
//
//   node check.mjs "SELECT * FROM read_parquet('events.parquet')" ...
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
if (statements.length === 0) {
  console.error('usage: node check.mjs SQL...');
  process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
let result;
for (const sql of statements) {
  result = await conn.runAndReadAll(sql);
}
const names = result.columnNames();
const types = result.columnTypes().map((t) => t.toString());
const out = {
  version: (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v,
  columns: names.map((name, i) => ({ name, type: types[i] })),
  rows: result.getRowsJson(),
};
process.stdout.write(JSON.stringify(out) + '\n');
