import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers } from '../../../test/setup/source-scan';

/** The browser code of the console: every .ts/.tsx below src, specs left out. */
function consoleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return consoleFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('the console’s wall', () => {
  const files = consoleFiles(__dirname);

  it('talks to the api over HTTP only: no server code, no Node built-ins, nothing outside apps/web', () => {
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((file) =>
      importSpecifiers(fs.readFileSync(file, 'utf8'))
        .filter(
          (spec) =>
            spec.startsWith('@fleetgate/') ||
            spec.startsWith('node:') ||
            (spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(__dirname)),
        )
        .map((spec) => `${path.relative(__dirname, file)}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('never puts a token in a query string, and never uses EventSource (it cannot send the Bearer header)', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, query: /[?&]token=/.test(text), eventSource: /new EventSource\b/.test(text) }).toEqual({ file, query: false, eventSource: false });
    }
  });
});
