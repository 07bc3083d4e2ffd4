// npm test — the full suite, in the order that fails fastest: infrastructure, lint and
// format, type-check, build, migration drift, then unit, integration and e2e tests on the
// real Postgres, Redis and NATS. Ends with one line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib.mjs';

const steps = [
  ['infrastructure', 'node', ['scripts/infra-check.mjs', '--start']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  ['type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['build', 'npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']],
  ['migrations match entities', 'node', ['scripts/migrate.mjs', '--check']],
];
const tiers = ['unit', 'integration', 'e2e'];

const totals = { passed: 0, failed: 0 };
const started = Date.now();

function step(name, cmd, args) {
  process.stdout.write(`\n▶ ${name}\n`);
  const t0 = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  return ok;
}

function finish(ok) {
  process.stdout.write(`\n${ok ? 'all green' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
  process.exit(ok ? 0 : 1);
}

for (const [name, cmd, args] of steps) {
  if (!step(name, cmd, args)) finish(false);
}

for (const tier of tiers) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fg-jest-')), `${tier}.json`);
  const ok = step(`${tier} tests`, 'npx', ['jest', '--selectProjects', tier, '--json', `--outputFile=${report}`]);
  if (fs.existsSync(report)) {
    const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
    if (summary.numTotalTests === 0) {
      process.stdout.write(`✘ ${tier}: no tests ran\n`);
      finish(false);
    }
  }
  if (!ok) finish(false);
}
finish(true);
