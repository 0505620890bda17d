import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, for specs that scan source files (the walls between libs). */
export const ROOT = path.resolve(__dirname, '../..');

/** Non-test TypeScript files below `dir` (specs and test fixtures left out). */
export function productionFiles(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...productionFiles(full));
    else if (entry.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(entry.name) && !/\.fixtures?\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Every module specifier a source imports or requires, in order. */
export function importSpecifiers(source: string): string[] {
  const re = /(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g;
  const out: string[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1]);
  return out;
}
