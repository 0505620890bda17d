import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '@fleetgate/common';
import { createApi } from './bootstrap';

/** Writes the committed openapi.json (a test fails when it drifts from the code). */
export async function openApiText(): Promise<string> {
  const { app, document } = await createApi({ logs: false });
  await app.close();
  return `${JSON.stringify(JSON.parse(canonicalJson(document)), null, 2)}\n`;
}

if (require.main === module) {
  // Run from dist/apps/api/src: the file lives at the repo root.
  openApiText()
    .then((text) => fs.writeFileSync(path.resolve(__dirname, '../../../../openapi.json'), text))
    .catch((e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
