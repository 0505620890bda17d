import { planFleet } from './fleet-plan.util';
import { fleetTruth, inDomainFor } from './fleet-truth.util';
import { generateMachine } from './machine-generator.util';
import { CANONICAL_SIGNALS } from './signal-catalog.util';

describe('fleetTruth', () => {
  const plan = planFleet({ machines: 16, days: 3, seed: 5 });
  const generated = plan.machines.map((m) => generateMachine(plan, m.assetId));
  // generated in reverse to show the truth follows the plan's order, not the caller's
  const truth = fleetTruth(
    plan,
    [...generated].reverse().map((g) => g.truth),
  );

  it('lists every machine in plan order with fleet totals that add up', () => {
    expect(truth.machines.map((m) => m.assetId)).toEqual(plan.machines.map((m) => m.assetId));
    expect(truth.start).toBe('2026-01-01T00:00:00.000Z');
    expect(truth.end).toBe('2026-01-04T00:00:00.000Z');
    expect(truth.pilotAssetId).toBe(plan.pilotAssetId);
    expect(truth.domainSignals).toEqual([...CANONICAL_SIGNALS]);
    expect(truth.counts.machines).toBe(16);
    expect(truth.counts.inDomain).toBe(plan.machines.filter((m) => m.inDomain).length);
    expect(truth.counts.inDomain + truth.counts.outOfDomain).toBe(16);
    // only labelled failures are events; withheld ones are in the truth alone
    expect(truth.labelShare).toBe(0.7);
    expect(truth.counts.labelledFailures).toBe(generated.reduce((k, g) => k + g.events.filter((e) => e.kind === 'failure').length, 0));
    expect(truth.counts.labelledFailures + truth.counts.withheldFailures).toBe(truth.counts.failures);
    expect(truth.counts.failures).toBe(generated.reduce((k, g) => k + g.truth.failures.length, 0));
    expect(Object.values(truth.counts.kinds).reduce((a, b) => a + b, 0)).toBe(16);

    // every reported signal's samples are either present or missing; the store can be checked against both
    let stored = 0;
    let nan = 0;
    for (const g of generated) {
      for (const values of Object.values(g.tags)) {
        stored += values.length;
        for (const v of values) if (v !== v) nan++;
      }
    }
    expect(truth.counts.presentSamples + truth.counts.missingSamples).toBe(stored);
    expect(stored).toBe((16 * 8 - 1) * 3 * 1440); // one machine lacks one signal
    expect(truth.counts.missingSamples).toBe(nan);
    expect(nan).toBeGreaterThan(0);
  });

  it('survives JSON unchanged (no NaN, Infinity or undefined inside)', () => {
    expect(JSON.parse(JSON.stringify(truth))).toEqual(truth);
  });

  it('refuses a truth set that does not match the plan', () => {
    const truths = generated.map((g) => g.truth);
    expect(() => fleetTruth(plan, truths.slice(1))).toThrow(/no truth for machine/);
    expect(() => fleetTruth(plan, [...truths, truths[0]])).toThrow(/duplicate truth/);
    expect(() => fleetTruth(plan, [...truths, { ...truths[0], assetId: 'PLT9-X5-9999' }])).toThrow(/not in the plan/);
  });
});

describe('inDomainFor', () => {
  it('applies the domain rule to the signals a model reads', () => {
    const plan = planFleet({ machines: 100, days: 90, seed: 3 });
    const incomplete = plan.machines.find((m) => m.missingSignals.length > 0)!;
    const lacking = incomplete.missingSignals[0];
    const others = CANONICAL_SIGNALS.filter((s) => s !== lacking);
    expect(inDomainFor(incomplete, CANONICAL_SIGNALS)).toBe(false);
    expect(inDomainFor(incomplete, others)).toBe(others.every((s) => incomplete.domain[s].inDomain));
    for (const m of plan.machines) expect(inDomainFor(m, CANONICAL_SIGNALS)).toBe(m.inDomain);
    // a model reading fewer signals sees at least as many machines in its domain
    const fewer = plan.machines.filter((m) => inDomainFor(m, ['vibration_rms', 'bearing_temp'])).length;
    expect(fewer).toBeGreaterThan(plan.machines.filter((m) => m.inDomain).length);
  });
});
