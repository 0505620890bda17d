import { planFleet } from './fleet-plan.util';
import { fleetTruth } from './fleet-truth.util';
import { generateMachine } from './machine-generator.util';
import type { FleetPlan, GeneratedMachine } from './simulator.types';

function generateAll(plan: FleetPlan): GeneratedMachine[] {
  return plan.machines.map((m) => generateMachine(plan, m.assetId));
}

describe('withheld failure labels', () => {
  // 400 machines over 60 days: about 200 non-pilot failures, enough to see the share
  const plan = planFleet({ machines: 400, days: 60, seed: 21 });
  const fleet = generateAll(plan);

  it('records only labelled failures as failure events, and keeps the repair of a withheld one', () => {
    let withheld = 0;
    for (const g of fleet) {
      const failureEvents = g.events.filter((e) => e.kind === 'failure');
      const labelled = g.truth.failures.filter((f) => f.labelled);
      expect(failureEvents).toEqual(labelled.map((f) => ({ timestamp: f.failure, kind: 'failure', component: f.component })));
      const stamps = new Set(g.events.map((e) => e.timestamp));
      for (const f of g.truth.failures.filter((x) => !x.labelled)) {
        withheld++;
        expect(stamps.has(f.failure)).toBe(false);
        if (Date.parse(f.repaired) < g.startMs + plan.samplesPerSignal * g.intervalMs)
          expect(g.events).toContainEqual({ timestamp: f.repaired, kind: 'maintenance', component: f.component });
      }
    }
    expect(withheld).toBeGreaterThan(20);
  });

  it('labels about 70 % of non-pilot failures (within 4 binomial standard deviations) and all of the pilot’s', () => {
    const others = fleet.filter((g) => !g.truth.isPilot).flatMap((g) => g.truth.failures);
    const share = others.filter((f) => f.labelled).length / others.length;
    expect(others.length).toBeGreaterThan(150);
    expect(Math.abs(share - 0.7)).toBeLessThan(4 * Math.sqrt((0.7 * 0.3) / others.length));
    const pilot = fleet.find((g) => g.truth.isPilot)!;
    expect(pilot.truth.failures.length).toBeGreaterThan(0);
    expect(pilot.truth.failures.every((f) => f.labelled)).toBe(true);

    const truth = fleetTruth(
      plan,
      fleet.map((g) => g.truth),
    );
    expect(truth.labelShare).toBe(0.7);
    expect(truth.counts.labelledFailures).toBe(fleet.reduce((k, g) => k + g.events.filter((e) => e.kind === 'failure').length, 0));
    expect(truth.counts.withheldFailures).toBe(truth.counts.failures - truth.counts.labelledFailures);
  });

  describe('on a smaller fleet', () => {
    const options = { machines: 60, days: 30, seed: 4 };
    const all = generateAll(planFleet({ ...options, labelShare: 1 }));
    const none = generateAll(planFleet({ ...options, labelShare: 0 }));
    const half = generateAll(planFleet({ ...options, labelShare: 0.5 }));
    const usual = generateAll(planFleet(options));

    it('labelShare 1 records every failure, 0 only the pilot’s; the telemetry and the failures stay the same', () => {
      for (const [k, g] of all.entries()) {
        expect(g.truth.failures.every((f) => f.labelled)).toBe(true);
        expect(g.events.filter((e) => e.kind === 'failure')).toHaveLength(g.truth.failures.length);
        const z = none[k];
        expect(z.truth.failures.map((f) => f.failure)).toEqual(g.truth.failures.map((f) => f.failure));
        expect(z.truth.failures.every((f) => f.labelled === z.truth.isPilot)).toBe(true);
        expect(z.events.filter((e) => e.kind === 'failure')).toHaveLength(z.truth.isPilot ? z.truth.failures.length : 0);
        expect(z.events.filter((e) => e.kind === 'maintenance')).toEqual(g.events.filter((e) => e.kind === 'maintenance'));
        for (const tag of Object.keys(g.tags)) expect(Buffer.from(z.tags[tag].buffer).equals(Buffer.from(g.tags[tag].buffer))).toBe(true);
      }
      expect(all.some((g) => !g.truth.isPilot && g.truth.failures.length > 0)).toBe(true);
    });

    it('withholds a superset as the share falls (one draw per failure)', () => {
      for (const [k, g] of usual.entries()) {
        g.truth.failures.forEach((f, i) => {
          if (half[k].truth.failures[i].labelled) expect(f.labelled).toBe(true);
        });
      }
    });
  });

  it('refuses a share outside [0, 1], naming labelShare', () => {
    for (const labelShare of [-0.1, 1.5, Number.NaN]) expect(() => planFleet({ machines: 2, days: 1, seed: 1, labelShare })).toThrow(/labelShare/);
    expect(() => planFleet({ machines: 2, days: 1, seed: 1, labelShare: 1.5 })).toThrow(RangeError);
  });
});
