import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEnv, isolatedEnv } from '../../../test/setup/harness';

/** The committed openapi.json is what the code serves; regenerate it with `npm run openapi`. */
describe('openapi.json', () => {
  it('is in sync with the controllers and DTOs', async () => {
    applyEnv(isolatedEnv({ sqlite: true }));
    const { openApiText } = await import('./openapi');
    const committed = fs.readFileSync(path.resolve(__dirname, '../../../openapi.json'), 'utf8');
    const current = await openApiText();
    expect(JSON.parse(current)).toEqual(JSON.parse(committed));
  }, 60_000);
});
