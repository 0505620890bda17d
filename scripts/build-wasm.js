#!/usr/bin/env node
// Assembles every .wat under libs into the .wasm beside it. The .wasm files are committed (a
// build needs no assembler); run this after editing a .wat — a spec fails while they differ.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function watFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? watFiles(full) : e.name.endsWith('.wat') ? [full] : [];
  });
}

require('wabt')().then((wabt) => {
  for (const wat of watFiles(path.join(root, 'libs'))) {
    const module = wabt.parseWat(path.basename(wat), fs.readFileSync(wat, 'utf8'));
    module.resolveNames();
    module.validate();
    const wasm = wat.replace(/\.wat$/, '.wasm');
    fs.writeFileSync(wasm, module.toBinary({}).buffer);
    module.destroy();
    process.stdout.write(`${path.relative(root, wasm)}\n`);
  }
});
