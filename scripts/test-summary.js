#!/usr/bin/env node
// Adds up the jest and Playwright JSON reports of one `./paasport test` run into the
// single closing line CI reads: "N passed, N failed".
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.json'))) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  // Playwright reports stats (a flaky test counts as failed); jest reports counts,
  // and a suite that could not run counts as one failure.
  const ok = report.stats ? report.stats.expected : report.numPassedTests;
  const bad = report.stats
    ? report.stats.unexpected + report.stats.flaky
    : report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  console.log(`  ${file}: ${ok} passed, ${bad} failed`.replace(/^ +/, '- '));
  passed += ok;
  failed += bad;
}
console.log(`${passed} passed, ${failed} failed`);
