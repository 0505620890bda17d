import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers } from '../../../../test/setup/source-scan';

/**
 * The tag-mapping folder holds the pure core and, beside it, the entities and the Nest service
 * that store it. The core files must stay plain: they import `@fleetgate/common` and each
 * other, never Nest, TypeORM, the storage files or another lib.
 */
const DIR = __dirname;
const EDGE = /\.(entity|service)\.ts$/;

function coreFiles(): string[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(f) && !EDGE.test(f));
}

function imports(file: string): string[] {
  return importSpecifiers(fs.readFileSync(path.join(DIR, file), 'utf8'));
}

describe('the tag-mapping core', () => {
  it('imports only @fleetgate/common and other core files', () => {
    const core = coreFiles();
    expect(core).toEqual(expect.arrayContaining(['resolve-tags.util.ts', 'signal-catalog.ts', 'units.util.ts']));
    const allowed = (spec: string): boolean => spec === '@fleetgate/common' || (spec.startsWith('./') && core.includes(`${spec.slice(2)}.ts`));
    const offenders = core.flatMap((f) =>
      imports(f)
        .filter((spec) => !allowed(spec))
        .map((spec) => `${f} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('sees the storage files as outside the core, so the scan is not vacuous', () => {
    expect(fs.readdirSync(DIR).filter((f) => EDGE.test(f))).toEqual(['mapping-rule-set.entity.ts', 'signal.entity.ts', 'tag-mapping.service.ts']);
    expect(imports('tag-mapping.service.ts')).toContain('@nestjs/common');
  });
});
