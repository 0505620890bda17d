import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../test/setup/source-scan';

/**
 * Walls of the scoring lib: it judges machines, so it never sees the simulator's planted truth;
 * and it builds features, baselines and healthy windows only through @fleetgate/inference (the
 * one code path the evaluation shares), so it never imports the inference lib's internals.
 */
describe('scoring boundaries', () => {
  const files = () => productionFiles(path.join(ROOT, 'libs/scoring/src'));

  it('imports neither the simulator nor inference internals, nor HTTP', () => {
    expect(files().length).toBeGreaterThan(10);
    const bad = files().flatMap((f) =>
      importSpecifiers(fs.readFileSync(f, 'utf8'))
        .filter(
          (s) =>
            s.startsWith('@fleetgate/simulator') ||
            s.startsWith('@fleetgate/inference/') ||
            s.includes('libs/inference') ||
            s === 'express' ||
            s === '@nestjs/platform-express',
        )
        .map((s) => `${path.relative(ROOT, f)}: ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('scores through the shared inference functions', () => {
    const scorer = fs.readFileSync(path.join(ROOT, 'libs/scoring/src/score/machine-scorer.service.ts'), 'utf8');
    for (const fn of ['signalsToRead', 'prepareMachineSeries', 'applyBaseline', 'buildFeatureWindows', 'healthyWindowMask', 'orientedAlarms'])
      expect(scorer).toContain(`${fn}(`);
  });
});
