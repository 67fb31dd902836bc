// Adds up vitest's JSON report and the VM suite's result file into the one closing line
// CI reads. A missing report counts as a failure so a run that executed nothing shows.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const path of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    passed += report.numPassedTests ?? report.passed ?? 0;
    failed += report.numFailedTests ?? report.failed ?? 0;
  } catch (err) {
    console.error(`summary: no readable report at ${path} (${err.message})`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
