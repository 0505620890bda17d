import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../../test/setup/source-scan';

const BASELINE_DIR = path.join(ROOT, 'libs/fleet/src/baseline');

/**
 * Explicit baselines' walls: their table is read and written by `libs/fleet/src/baseline` alone
 * (the evaluator calls `MachineBaselineService.latestExplicit`, the gate `latestExplicitOf` and
 * `set`), and the fleet does not reach into the gate to suspend deployments — the gate passes
 * that work in (`BaselineResetService`), so deployments stay the gate's own table.
 */
describe('machine baseline walls', () => {
  const sources = [...productionFiles(path.join(ROOT, 'apps')), ...productionFiles(path.join(ROOT, 'libs'))];

  it('only libs/fleet/src/baseline touches machine_baselines', () => {
    const offenders = sources
      .filter((f) => !f.startsWith(BASELINE_DIR))
      .filter((f) => /\bmachine_baselines\b|\bMachineBaselineEntity\b|\bMachineBaselineRepository\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    // the module registers the entity and its repository; nothing else outside the folder names them
    expect(offenders).toEqual(['libs/fleet/src/fleet.module.ts']);
  });

  it('the fleet lib imports nothing of the gate (nor the deployments table)', () => {
    const fleet = productionFiles(path.join(ROOT, 'libs/fleet/src'));
    expect(fleet.length).toBeGreaterThan(5);
    const bad = fleet.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return (
        importSpecifiers(text).some((s) => s === '@fleetgate/gate' || s.includes('libs/gate')) ||
        /\bdeployments\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))
      );
    });
    expect(bad.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
