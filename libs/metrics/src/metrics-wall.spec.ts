import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers, productionFiles, ROOT } from '../../../test/setup/source-scan';
import './metrics';
import { registry } from './registry';

/**
 * Walls: metric labels stay bounded (no id of a machine, asset, run, job, user or request can
 * become a label, so a 400-machine fleet never makes 400 series; a site is a plant, a handful per
 * fleet), names follow Prometheus conventions, and the observability libs import no domain lib.
 */
describe('metrics and logging walls', () => {
  const BOUNDED_LABELS = new Set(['method', 'route', 'status', 'queue', 'state', 'job_name', 'outcome', 'verdict', 'result', 'reason', 'site']);

  it('every metric is fleetgate_-prefixed, counters end in _total, and every label is a bounded set', async () => {
    const metrics = await registry.getMetricsAsJSON();
    const ours = registry.getMetricsAsArray().filter((m) => !/^fleetgate_(process|nodejs)_/.test((m as unknown as { name: string }).name));
    expect(ours.length).toBeGreaterThanOrEqual(12);
    for (const metric of ours) {
      const { name, labelNames } = metric as unknown as { name: string; labelNames: string[] };
      const type = String(metrics.find((m) => m.name === name)!.type);
      expect(name).toMatch(/^fleetgate_[a-z_]+$/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_(seconds|attempts)$/);
      for (const label of labelNames) expect(`${name} {${label}}`).toBe(BOUNDED_LABELS.has(label) ? `${name} {${label}}` : `${name} {bounded label}`);
    }
  });

  it('libs/metrics and libs/logging import only config and common of the fleetgate libs', () => {
    for (const lib of ['metrics', 'logging']) {
      for (const file of productionFiles(path.join(ROOT, 'libs', lib, 'src'))) {
        const imports = importSpecifiers(fs.readFileSync(file, 'utf8')).filter((s) => s.startsWith('@fleetgate/'));
        for (const spec of imports) expect(`${path.relative(ROOT, file)} → ${spec}`).toMatch(/→ @fleetgate\/(config|common)$/);
      }
    }
  });
});
