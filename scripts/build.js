#!/usr/bin/env node
// Builds on demand: compiles apps, libs and migrations with tsc (never webpack: native
// .node files, tfjs .wasm and migration classes must stay as they are), rewrites the
// @fleetgate/* aliases to relative paths and copies our own .wasm modules next to the code
// that loads them. Skips the work when dist is newer than every source.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');

function newestSource(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // apps/web is the console: scripts/build-web.js builds it, tsc never sees it.
    if (entry.isDirectory() && full === path.join(root, 'apps', 'web')) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.wasm') || (entry.name.endsWith('.json') && entry.name !== 'results.json'))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function copyWasm(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copyWasm(full);
    else if (entry.name.endsWith('.wasm')) fs.copyFileSync(full, path.join(root, 'dist', path.relative(root, full)));
  }
}

const sources = ['apps', 'libs', 'migrations', 'bench'].map((d) => newestSource(path.join(root, d)));
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) =>
  fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0,
);
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (!force && built > Math.max(...sources, ...configs)) process.exit(0);

if (!quiet) process.stderr.write('building fleetgate…\n');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
try {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  copyWasm(path.join(root, 'libs'));
} catch {
  process.stderr.write('build failed\n');
  process.exit(1);
}
fs.writeFileSync(stamp, new Date().toISOString());
