// A jest reporter that appends this run's counts to $JEST_COUNTS_FILE (one JSON line per
// jest run), so .ci/run can print one plain "N passed, N failed" line over all packages.
const fs = require('node:fs');

class JestCountReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_COUNTS_FILE;
    if (!file) return;
    const row = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numRuntimeErrorTestSuites,
    };
    fs.appendFileSync(file, JSON.stringify(row) + '\n');
  }
}
module.exports = JestCountReporter;
