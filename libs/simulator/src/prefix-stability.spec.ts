import { defaultHistoryEnd, planFleet } from './fleet-plan.util';
import { generateMachine } from './machine-generator.util';
import type { GeneratedMachine, MachineTruth } from './simulator.types';

const DAY_MS = 86_400_000;

/** The part of a longer generation that lies before `endIso`, intervals cut there — what a shorter history must hold. */
function truthBefore(t: MachineTruth, endIso: string): Partial<MachineTruth> {
  const cut = <T extends { from: string; to: string }>(items: T[] = []): T[] =>
    items.filter((x) => x.from < endIso).map((x) => (x.to > endIso ? { ...x, to: endIso } : x));
  const underWay = [...t.failures, ...(t.runUpAtEnd ? [t.runUpAtEnd] : [])].find((f) => f.onset < endIso && f.failure >= endIso);
  return {
    runUpAtEnd: underWay && { component: underWay.component, onset: underWay.onset, failure: underWay.failure },
    failures: t.failures.filter((f) => f.failure < endIso),
    downtime: cut(t.downtime),
    sensorFaults: cut(t.sensorFaults),
    regimes: t.regimes && { ...t.regimes, periods: cut(t.regimes.periods) },
  };
}

function expectPrefix(short: GeneratedMachine, long: GeneratedMachine, id: string): void {
  const endIso = new Date(short.startMs + Object.values(short.tags)[0].length * short.intervalMs).toISOString();
  for (const [tag, values] of Object.entries(short.tags)) {
    const head = long.tags[tag].subarray(0, values.length);
    expect({ id, tag, same: Buffer.from(head.buffer, head.byteOffset, head.byteLength).equals(Buffer.from(values.buffer)) }).toEqual({ id, tag, same: true });
  }
  expect(long.events.filter((e) => e.timestamp < endIso)).toEqual(short.events);
  const { runUpAtEnd, failures, downtime, sensorFaults, regimes } = short.truth;
  expect(truthBefore(long.truth, endIso)).toEqual({ runUpAtEnd, failures, downtime, sensorFaults, regimes });
}

describe('prefix stability: a longer history continues the shorter one', () => {
  // 40 machines: every planted kind, the pilot and the machine without pressure
  const ten = planFleet({ machines: 40, days: 10, seed: 3 });
  const twelve = planFleet({ machines: 40, days: 12, seed: 3 });

  it('days=12 holds days=10 as its first 10 days: every tag, event and truth item of every machine', () => {
    expect(new Set(ten.machines.map((m) => m.kind)).size).toBe(4);
    for (const m of ten.machines) expectPrefix(generateMachine(ten, m.assetId), generateMachine(twelve, m.assetId), m.assetId);
  });

  it('generating 2 days past a 10-day plan is the 12-day generation', () => {
    for (const m of ten.machines.slice(0, 8)) {
      const extended = generateMachine(ten, m.assetId, { extraMs: 2 * DAY_MS });
      const full = generateMachine(twelve, m.assetId);
      const bytes = (g: GeneratedMachine) => Object.entries(g.tags).map(([tag, v]) => `${tag}:${Buffer.from(v.buffer).toString('base64')}`);
      expect(bytes(extended)).toEqual(bytes(full));
      expect({ ...extended, tags: {} }).toEqual({ ...full, tags: {} });
    }
  });

  it('holds on an hourly grid and across the 90-day blocks of the schedule', () => {
    const hourly = (days: number) => planFleet({ machines: 12, days, seed: 9, intervalMs: 3_600_000 });
    const short = hourly(85);
    const long = hourly(200);
    for (const m of short.machines) expectPrefix(generateMachine(short, m.assetId), generateMachine(long, m.assetId), m.assetId);
  });

  it('leaves a failure whose run-up is under way at the end to the part after it, its run-up already in the data', () => {
    const long = planFleet({ machines: 40, days: 60, seed: 3 });
    // the first non-pilot failure of the fleet; the short history ends on the midnight before it
    const m = long.machines.find((x) => !x.isPilot && generateMachine(long, x.assetId).truth.failures.some((f) => Date.parse(f.onset) > long.startMs))!;
    const f = generateMachine(long, m.assetId).truth.failures.find((x) => Date.parse(x.onset) > long.startMs)!;
    const days = Math.floor((Date.parse(f.failure) - long.startMs) / DAY_MS);
    expect(Date.parse(f.onset)).toBeLessThan(long.startMs + days * DAY_MS);
    const short = planFleet({ machines: 40, days, seed: 3 });
    const g = generateMachine(short, m.assetId);
    expect(g.truth.failures.map((x) => x.failure)).not.toContain(f.failure);
    expect(g.events.map((e) => e.timestamp)).not.toContain(f.failure);
    expect(g.truth.runUpAtEnd).toEqual({ component: f.component, onset: f.onset, failure: f.failure });
    // the run-up's start is in the short history's data all the same
    expectPrefix(g, generateMachine(long, m.assetId), m.assetId);
  });

  it('refuses an extra span that is not whole intervals', () => {
    const hourly = planFleet({ machines: 2, days: 1, seed: 1, intervalMs: 3_600_000 });
    expect(() => generateMachine(hourly, hourly.machines[0].assetId, { extraMs: 90 * 60_000 })).toThrow(/extraMs must be a whole number of intervals/);
  });
});

describe('defaultHistoryEnd', () => {
  it('is UTC midnight 30 days before now', () => {
    expect(new Date(defaultHistoryEnd(Date.UTC(2026, 10, 29, 21, 36, 40))).toISOString()).toBe('2026-10-30T00:00:00.000Z');
    expect(defaultHistoryEnd(Date.UTC(2026, 2, 31))).toBe(Date.UTC(2026, 2, 1));
  });
});
