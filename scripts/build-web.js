#!/usr/bin/env node
// Builds the console (apps/web) with Vite into dist/web, which the api serves at /. Its own
// step beside scripts/build.js (the server's tsc build); skips the work when dist/web is newer
// than every console source, so the test and demo paths build it once.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'apps', 'web');
const out = path.join(root, 'dist', 'web');
const stamp = path.join(root, 'dist', '.web-build-stamp');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(web), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs);
const built = fs.existsSync(stamp) && fs.existsSync(path.join(out, 'index.html')) ? fs.statSync(stamp).mtimeMs : 0;
if (!force && built > sources) process.exit(0);

if (!quiet) process.stderr.write('building the console…\n');
try {
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['build', '--config', path.join(web, 'vite.config.mts'), ...(quiet ? ['--logLevel', 'warn'] : [])],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
} catch {
  process.stderr.write('console build failed\n');
  process.exit(1);
}
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, new Date().toISOString());
