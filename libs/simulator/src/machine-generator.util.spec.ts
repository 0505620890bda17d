import { planFleet } from './fleet-plan.util';
import { generateMachine } from './machine-generator.util';
import { CANONICAL_SIGNALS, SIGNAL_SPECS, type CanonicalSignal } from './signal-catalog.util';
import type { FleetPlan, GeneratedMachine, MachinePlan } from './simulator.types';

const DAY = 1440;
// a module-level alias: global lookups in per-sample loops are slow inside jest's vm context
const isMissing = Number.isNaN;
const plan = planFleet({ machines: 100, days: 90, seed: 11 });
const n = plan.samplesPerSignal;
const pilotPlan = plan.machines.find((m) => m.isPilot)!;
const pilot = generateMachine(plan, pilotPlan.assetId);

const at = (iso: string): number => (Date.parse(iso) - plan.startMs) / plan.intervalMs;
function tagOf(m: MachinePlan, signal: CanonicalSignal): string {
  return Object.keys(m.tagSignals).find((t) => m.tagSignals[t] === signal)!;
}

/** Independent inverse of the raw units: °F, in/s, psi and W back to canonical. */
function toCanonical(unit: string, v: number): number {
  switch (unit) {
    case '°F':
      return ((v - 32) * 5) / 9;
    case 'in/s':
      return v * 25.4;
    case 'psi':
      return v / 14.503773773021683; // psi per bar (scipy-free: 1e5 Pa / 6894.757293168 Pa)
    case 'W':
      return v / 1000;
    default:
      return v;
  }
}

/** Samples of `signal` outside run-ups, repairs, stops and planted sensor faults. */
function healthyMask(g: GeneratedMachine, signal: CanonicalSignal): Uint8Array {
  const ok = new Uint8Array(n).fill(1);
  const clear = (from: number, to: number): void => {
    ok.fill(0, Math.max(0, from), Math.min(n, to));
  };
  for (const f of g.truth.failures) clear(at(f.onset), at(f.repaired));
  for (const d of g.truth.downtime) clear(at(d.from), at(d.to));
  for (const f of g.truth.sensorFaults) if (f.signal === signal) clear(at(f.from), at(f.to));
  return ok;
}

function healthyStats(g: GeneratedMachine, m: MachinePlan, signal: CanonicalSignal): { mean: number; sd: number; count: number } {
  const tag = tagOf(m, signal);
  const values = g.tags[tag];
  const ok = healthyMask(g, signal);
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    const x = toCanonical(m.tagUnits[tag], values[i]);
    sum += x;
    sumSq += x * x;
    count++;
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(sumSq / count - mean * mean), count };
}

function withConvention(p: FleetPlan, assetId: string, convention: 'A' | 'B' | 'C'): FleetPlan {
  const copy = structuredClone(p);
  copy.machines.find((m) => m.assetId === assetId)!.convention = convention;
  return copy;
}

describe('generateMachine', () => {
  it('writes one Float32Array per raw tag of the plan, on the 1-minute grid', () => {
    expect(pilot.startMs).toBe(plan.startMs);
    expect(pilot.intervalMs).toBe(60_000);
    expect(Object.keys(pilot.tags)).toEqual(pilotPlan.rawTags);
    for (const values of Object.values(pilot.tags)) {
      expect(values).toBeInstanceOf(Float32Array);
      expect(values).toHaveLength(90 * DAY);
    }
  });

  it('is deterministic per machine and independent of generation order', () => {
    const other = plan.machines[5];
    const first = generateMachine(plan, other.assetId);
    generateMachine(plan, plan.machines[6].assetId); // interleave another machine
    const again = generateMachine(planFleet({ machines: 100, days: 90, seed: 11 }), other.assetId);
    for (const tag of other.rawTags) expect(Buffer.from(again.tags[tag].buffer).equals(Buffer.from(first.tags[tag].buffer))).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.truth).toEqual(first.truth);

    const otherSeed = planFleet({ machines: 100, days: 90, seed: 12 });
    const different = generateMachine(otherSeed, otherSeed.machines[5].assetId);
    const tag = otherSeed.machines[5].rawTags[0];
    expect(Buffer.from(different.tags[tag].buffer).equals(Buffer.from(first.tags[other.rawTags[0]].buffer))).toBe(false);
  });

  it('writes raw units: °F, psi and W under convention A, in/s under C', () => {
    const id = pilotPlan.assetId;
    const a = generateMachine(withConvention(plan, id, 'A'), id).tags;
    const b = generateMachine(withConvention(plan, id, 'B'), id).tags;
    const c = generateMachine(withConvention(plan, id, 'C'), id).tags;
    let compared = 0;
    for (let i = 0; i < n; i += 97) {
      if (isMissing(b.brg_t[i])) {
        expect(a.P200_BRG_TEMP_F[i]).toBeNaN();
        continue;
      }
      if (['wdg_t', 'press', 'kw', 'vib1'].some((t) => isMissing(b[t][i]))) continue; // a dropout on one signal
      compared++;
      expect(a.P200_BRG_TEMP_F[i]).toBeCloseTo((b.brg_t[i] * 9) / 5 + 32, 3);
      expect(a.P200_WDG_TEMP_F[i]).toBeCloseTo((b.wdg_t[i] * 9) / 5 + 32, 3);
      expect(a.P200_PRES_PSI[i]).toBeCloseTo(b.press[i] * 14.503773773021683, 3);
      expect(a.P200_PWR_W[i] / 1000).toBeCloseTo(b.kw[i], 3);
      expect(a.P200_VIB_01[i]).toBe(b.vib1[i]);
      expect(c['Vibration (in/s)'][i] * 25.4).toBeCloseTo(b.vib1[i], 4);
      expect(c['Bearing Temperature (°C)'][i]).toBe(b.brg_t[i]);
    }
    expect(compared).toBeGreaterThan(1000);
    // a healthy Fahrenheit bearing reads like a warm bearing, not like Celsius
    expect(healthyStats(pilot, pilotPlan, 'bearing_temp').mean).toBeGreaterThan(50);
    expect(pilotPlan.convention).toBe('A');
    const fahrenheit = pilot.tags.P200_BRG_TEMP_F.filter((v) => !isMissing(v));
    expect(fahrenheit.reduce((s, v) => s + v, 0) / fahrenheit.length).toBeGreaterThan(120);
  });

  it('has the planted healthy mean and standard deviation on healthy samples', () => {
    const outsider = plan.machines.find((m) => !m.inDomain && m.missingSignals.length === 0 && m.kind === 'level-spread' && !m.isPilot)!;
    for (const [m, g] of [
      [pilotPlan, pilot],
      [outsider, generateMachine(plan, outsider.assetId)],
    ] as const) {
      for (const signal of CANONICAL_SIGNALS) {
        const { mean, sd, count } = healthyStats(g, m, signal);
        const planted = m.healthy[signal];
        expect(count).toBeGreaterThan(30 * DAY);
        expect({ signal, shift: Math.abs(mean - planted.mean) / planted.sigma < 0.15 }).toEqual({ signal, shift: true });
        expect({ signal, ratio: Math.abs(sd / planted.sigma - 1) < 0.1 }).toEqual({ signal, ratio: true });
      }
    }
  });

  it('counts in the truth exactly the NaNs it writes, and downtime blanks every signal', () => {
    for (const m of plan.machines.slice(0, 12)) {
      const g = generateMachine(plan, m.assetId);
      for (const tag of m.rawTags) {
        const signal = m.tagSignals[tag];
        const nan = g.tags[tag].reduce((k, v) => k + (isMissing(v) ? 1 : 0), 0);
        expect(g.truth.samples[signal]).toEqual({ present: n - nan, missing: nan });
      }
      for (const d of g.truth.downtime) {
        const mid = Math.floor((at(d.from) + at(d.to)) / 2);
        for (const tag of m.rawTags) expect(g.tags[tag][mid]).toBeNaN();
      }
    }
  });

  it('plants dropouts, stuck values and spikes on single signals', () => {
    const kinds = new Set<string>();
    for (const m of plan.machines.slice(0, 20)) {
      const g = generateMachine(plan, m.assetId);
      const down = new Uint8Array(n);
      for (const d of g.truth.downtime) down.fill(1, at(d.from), at(d.to));
      for (const f of g.truth.sensorFaults) {
        const values = g.tags[tagOf(m, f.signal)];
        const from = at(f.from);
        const to = Math.min(at(f.to), n);
        if (down.subarray(from, to).some((x) => x === 1)) continue; // a stop hides the fault
        kinds.add(f.kind);
        if (f.kind === 'dropout') {
          expect(values.subarray(from, to).every((v) => isMissing(v))).toBe(true);
          const neighbour = m.rawTags.find((t) => m.tagSignals[t] !== f.signal)!;
          expect(g.tags[neighbour].subarray(from, to).some((v) => !isMissing(v))).toBe(true);
        } else if (f.kind === 'stuck') {
          const held = values.subarray(from, to).filter((v) => !isMissing(v));
          expect(held.length).toBeGreaterThan(0);
          expect(held.every((v) => v === held[0])).toBe(true);
        } else if (!isMissing(values[from])) {
          const { mean, sigma } = m.healthy[f.signal];
          const x = toCanonical(m.tagUnits[tagOf(m, f.signal)], values[from]);
          expect(Math.abs(x - mean)).toBeGreaterThan(5 * sigma);
        }
      }
    }
    expect(kinds).toEqual(new Set(['dropout', 'stuck', 'spike']));
  });

  it('stays inside the valid ranges except at planted spikes', () => {
    for (const m of plan.machines.slice(0, 10)) {
      const g = generateMachine(plan, m.assetId);
      for (const tag of m.rawTags) {
        const signal = m.tagSignals[tag];
        const spikes = new Set(g.truth.sensorFaults.filter((f) => f.kind === 'spike' && f.signal === signal).map((f) => at(f.from)));
        const { validMin, validMax } = SIGNAL_SPECS[signal];
        const values = g.tags[tag];
        for (let i = 0; i < n; i++) {
          if (isMissing(values[i]) || spikes.has(i)) continue;
          const x = toCanonical(m.tagUnits[tag], values[i]);
          if (x < validMin || x > validMax) throw new Error(`${m.assetId} ${signal}[${i}] = ${x} outside the valid range`);
        }
      }
    }
  });

  it('omits the missing signal of the incomplete machine entirely', () => {
    const m = plan.machines.find((x) => x.missingSignals.length > 0)!;
    const g = generateMachine(plan, m.assetId);
    expect(Object.keys(g.tags)).toEqual(m.rawTags);
    expect(Object.keys(g.tags)).toHaveLength(7);
    expect(g.truth.samples[m.missingSignals[0]]).toBeUndefined();
    expect(g.truth.inDomain).toBe(false);
    expect(g.truth.outOfDomainSignals).toContain(m.missingSignals[0]);
  });

  it('gives the pilot a healthy stretch and at least three failures with rising run-ups', () => {
    const failures = pilot.truth.failures;
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(at(failures[0].onset)).toBeGreaterThanOrEqual(20 * DAY);
    for (const [k, f] of failures.entries()) {
      const onset = at(f.onset);
      const failure = at(f.failure);
      expect(failure - onset).toBeGreaterThanOrEqual(2 * DAY);
      expect(at(f.repaired)).toBeGreaterThan(failure);
      if (k > 0) expect(onset).toBeGreaterThan(at(failures[k - 1].repaired) + 5 * DAY);
      // the pilot's failures are all labelled: the event log has the failure and the repair that restored health
      expect(f.labelled).toBe(true);
      expect(pilot.events).toContainEqual({ timestamp: f.failure, kind: 'failure', component: f.component });
      expect(pilot.events).toContainEqual({ timestamp: f.repaired, kind: 'maintenance', component: f.component });
      // vibration in the last 12 h before the failure is well above healthy
      const vib = pilot.tags.P200_VIB_01.subarray(failure - 720, failure).filter((v) => !isMissing(v));
      const vibMean = vib.reduce((s, v) => s + v, 0) / vib.length;
      const { mean, sigma } = pilotPlan.healthy.vibration_rms;
      expect(vibMean).toBeGreaterThan(mean + 2 * sigma);
      if (f.component === 'bearing') {
        const brg = pilot.tags.P200_BRG_TEMP_F.subarray(failure - 720, failure).filter((v) => !isMissing(v));
        const brgC = (brg.reduce((s, v) => s + v, 0) / brg.length - 32) * (5 / 9);
        expect(brgC).toBeGreaterThan(pilotPlan.healthy.bearing_temp.mean + 3 * pilotPlan.healthy.bearing_temp.sigma);
      }
    }
    expect(new Set(failures.map((f) => f.component)).size).toBeGreaterThan(1);
  });

  it('lets some machines run without failure and others fail with a known onset', () => {
    const truths = plan.machines.slice(0, 40).map((m) => generateMachine(plan, m.assetId).truth);
    expect(truths.some((t) => t.failures.length === 0)).toBe(true);
    expect(truths.some((t) => !t.isPilot && t.failures.length > 0)).toBe(true);
    for (const t of truths) {
      for (const [k, f] of t.failures.entries()) {
        // only a machine degrading at the start has a run-up that began before the history
        if (k > 0 || t.kind !== 'degrading-at-start') expect(at(f.onset)).toBeGreaterThanOrEqual(0);
        expect(at(f.failure)).toBeLessThan(n);
      }
    }
  });

  it('refuses an unknown machine', () => {
    expect(() => generateMachine(plan, 'PLT9-Z1-0001')).toThrow(/unknown machine/);
  });
});
