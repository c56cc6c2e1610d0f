// `npm test`: locate (or install) what the suites need, then lint, type-check, build, and run
// the unit and end-to-end suites. Prints one summary line: "Tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
// pandas, matplotlib and plotly for Python cells; torch and onnx for the bring-your-own-model example.
const PY_PACKAGES = ['python3-pandas', 'python3-matplotlib', 'python3-plotly', 'python3-torch', 'python3-onnx'];
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return res.status ?? 1;
}

function step(title) {
  console.log(`\n=== ${title} ===`);
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!isRoot || !hasApt) return false;
  console.log(`Installing ${packages.join(' ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated && run('apt-get', ['update', '-qq'], { env }) !== 0) return false;
  aptUpdated = true;
  return run('apt-get', ['install', '-y', '-qq', ...packages], { env }) === 0;
}

function locateChromium() {
  const fromEnv = process.env.NODEBOOK_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CHROMIUM.find((p) => existsSync(p));
  if (found) return found;
  if (aptInstall(['chromium'])) return CHROMIUM.find((p) => existsSync(p));
  return undefined;
}

function pythonReady() {
  return spawnSync('/usr/bin/python3', ['-c', 'import pandas, matplotlib, plotly, torch, onnx'], { stdio: 'ignore' }).status === 0;
}

step('Locating Chromium and Python');
const chromium = locateChromium();
if (!chromium) {
  console.error(
    'npm test needs Chromium for the end-to-end suite and could not install it.\n' +
      '  Debian/Ubuntu: sudo apt-get install chromium\n' +
      '  Elsewhere: install Chromium or Chrome and set NODEBOOK_CHROMIUM=/path/to/chrome',
  );
  process.exit(1);
}
console.log(`Chromium: ${chromium}`);
if (!pythonReady() && !aptInstall(PY_PACKAGES)) {
  console.warn(`Python with pandas, matplotlib, plotly, torch and onnx was not found; the tests that need them will be skipped.\n  Debian/Ubuntu: sudo apt-get install ${PY_PACKAGES.join(' ')}`);
}
console.log(`Python: ${pythonReady() ? '/usr/bin/python3 with pandas, torch and onnx' : 'incomplete (see above)'}`);

const bin = (name) => join(root, 'node_modules', '.bin', name);
// The suites drive the built CLI (`dist/`), as users run it; from source it would be several times slower.
const env = { ...process.env, NODEBOOK_CHROMIUM: chromium, NODEBOOK_TEST_CLI: join(root, 'dist', 'main', 'cli.js') };

step('Lint (runtime rule included)');
if (run(bin('eslint'), ['.', '--max-warnings=0']) !== 0) process.exit(1);
step('Type-check');
if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
step('Build');
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSuites = 0;
for (const project of ['unit', 'e2e']) {
  step(`Tests: ${project}`);
  const report = join(mkdtempSync(join(tmpdir(), 'nb-test-')), 'report.json');
  const status = run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { env });
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  if (status !== 0) failedSuites++;
}
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSuites > 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
