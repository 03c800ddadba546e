// Sums the rows written by jest-count-reporter.cjs and prints the plain CI line
// "N passed, N failed, N skipped". Exits 1 when nothing ran or anything failed.
const fs = require('node:fs');

const file = process.argv[2];
const rows = fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const sum = (k) => rows.reduce((n, r) => n + (r[k] || 0), 0);
const passed = sum('passed');
const failed = sum('failed') + sum('suitesFailed');
const skipped = sum('skipped');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(rows.length === 0 || failed > 0 ? 1 : 0);
