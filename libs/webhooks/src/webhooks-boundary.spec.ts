import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../test/setup/source-scan';

/**
 * Wall of the webhooks lib: every domain lib calls `enqueueWebhookEvent` inside its own
 * transaction, so this lib imports none of them (only common, config and queue) — no cycles.
 */
describe('webhooks boundaries', () => {
  it('imports no domain lib and no HTTP framework', () => {
    const files = productionFiles(path.join(ROOT, 'libs/webhooks/src'));
    expect(files.length).toBeGreaterThan(5);
    const allowed = new Set(['@fleetgate/common', '@fleetgate/config', '@fleetgate/queue']);
    const bad = files.flatMap((f) =>
      importSpecifiers(fs.readFileSync(f, 'utf8'))
        .filter((s) => (s.startsWith('@fleetgate/') && !allowed.has(s)) || s.includes('libs/') || s === 'express' || s === '@nestjs/platform-express')
        .map((s) => `${path.relative(ROOT, f)}: ${s}`),
    );
    expect(bad).toEqual([]);
  });
});
