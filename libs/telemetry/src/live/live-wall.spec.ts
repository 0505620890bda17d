import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../../test/setup/source-scan';

const LIVE_TABLES = ['live_dead_messages', 'live_dead_letters', 'live_ingest_minutes', 'live_machines'];
const LIVE_DIR = path.join(ROOT, 'libs/telemetry/src/live');

/**
 * The live ingest's walls: its tables are read and written by `libs/telemetry/src/live` alone
 * (the api and the CLI go through LiveStatusService), and the ingest app holds no SQL and no
 * store access of its own — one commit path, the one that acknowledges only after it.
 */
describe('live ingest walls', () => {
  const sources = [...productionFiles(path.join(ROOT, 'apps')), ...productionFiles(path.join(ROOT, 'libs'))];

  it('only libs/telemetry/src/live touches the live tables', () => {
    const offenders = sources
      .filter((f) => !f.startsWith(LIVE_DIR))
      .filter((f) => {
        const text = fs.readFileSync(f, 'utf8');
        return LIVE_TABLES.some((t) => new RegExp(`\\b${t}\\b`).test(text));
      })
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('the ingest app reaches the database only through LiveIngestService', () => {
    const app = productionFiles(path.join(ROOT, 'apps/ingest'));
    expect(app.length).toBeGreaterThan(0);
    const direct = app.flatMap((f) =>
      importSpecifiers(fs.readFileSync(f, 'utf8'))
        .filter((s) => ['typeorm', 'pg', 'better-sqlite3', '@nestjs/typeorm'].includes(s) || s.includes('/src/'))
        .map((s) => `${path.relative(ROOT, f)}: ${s}`),
    );
    expect(direct).toEqual([]);
    const text = app.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b/);
    expect(text).toMatch(/LiveIngestService/);
  });
});
