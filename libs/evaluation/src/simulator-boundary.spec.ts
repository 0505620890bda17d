import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../test/setup/source-scan';

/**
 * The evaluation is graded against the simulator's planted truth, so nothing on the judging
 * side may see the simulator: no import of `@fleetgate/simulator` (nor a relative path into
 * libs/simulator) in the production code of these libs and apps. Only the telemetry lib's
 * simulate and simulate-publish services (the data sources) may use it.
 */
const JUDGING_SIDE = ['libs/evaluation/src', 'libs/registry/src', 'libs/gate/src', 'libs/inference/src', 'libs/stats/src', 'apps/worker/src'];

function importsSimulator(source: string, file: string): boolean {
  return importSpecifiers(source).some(
    (spec) =>
      spec === '@fleetgate/simulator' ||
      spec.startsWith('@fleetgate/simulator/') ||
      (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(ROOT, 'libs', 'simulator'))),
  );
}

function offenders(dirs: string[]): string[] {
  return dirs
    .flatMap((d) => productionFiles(path.join(ROOT, d)))
    .filter((f) => importsSimulator(fs.readFileSync(f, 'utf8'), f))
    .map((f) => path.relative(ROOT, f));
}

describe('the judging side does not import the simulator', () => {
  it('finds no simulator import in evaluation, registry, gate, inference, stats or the worker', () => {
    expect(productionFiles(path.join(ROOT, 'libs/evaluation/src')).length).toBeGreaterThan(5);
    expect(offenders(JUDGING_SIDE)).toEqual([]);
  });

  it('does find the legitimate imports (the telemetry simulate services), so the scan works', () => {
    expect(offenders(['libs/telemetry/src'])).toEqual([
      'libs/telemetry/src/simulate/simulate-publish.service.ts',
      'libs/telemetry/src/simulate/simulate.service.ts',
    ]);
  });

  it('recognises the import forms, including a relative path into libs/simulator', () => {
    const file = path.join(ROOT, 'libs/evaluation/src/run/x.ts');
    expect(importsSimulator("import { planFleet } from '@fleetgate/simulator';", file)).toBe(true);
    expect(importsSimulator("const s = require('@fleetgate/simulator')", file)).toBe(true);
    expect(importsSimulator("await import('../../../simulator/src/fleet-truth.util')", file)).toBe(true);
    expect(importsSimulator("import type { FleetTruth } from '@fleetgate/simulator';", file)).toBe(true);
    expect(importsSimulator("import { median } from '@fleetgate/stats';\n// the simulator is not imported here", file)).toBe(false);
    expect(importsSimulator("import { x } from '../simulator-boundary.util';", file)).toBe(false);
  });
});
