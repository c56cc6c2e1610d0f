#!/usr/bin/env node
// The `nodebook` command: builds what is stale (a fresh clone has no dist/), then runs the CLI.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Only `start` serves the UI; the other commands need just the main bundle.
const parts = process.argv[2] === 'start' ? [] : ['--main-only'];
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', ...parts], { stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) {
  console.error('nodebook: building the app failed (see above). Run `npm install` first.');
  process.exit(1);
}
await import(pathToFileURL(join(root, 'dist', 'main', 'cli.js')).href);
