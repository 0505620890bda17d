import { KIND_SHARES, PLANTED_KINDS, planFleet } from './fleet-plan.util';
import { generateMachine } from './machine-generator.util';
import { REGIME_SETPOINTS } from './planted-kinds.util';
import { CANONICAL_SIGNALS, rawTagFor, type CanonicalSignal } from './signal-catalog.util';
import type { FleetPlan, GeneratedMachine, MachinePlan } from './simulator.types';

// Convention B stores every signal in canonical units.
const B_TAG = (signal: CanonicalSignal): string => rawTagFor('B', 'P200', signal);

/** A machine generated under convention B (the convention changes names and units, never values). */
function inCanonicalUnits(plan: FleetPlan, m: MachinePlan): GeneratedMachine {
  const copy = structuredClone(plan);
  copy.machines[m.index].convention = 'B';
  return generateMachine(copy, m.assetId);
}

/** 1 where every signal is healthy: outside run-ups, repairs, stops and sensor faults. */
function healthyMask(g: GeneratedMachine, n: number): Uint8Array {
  const at = (iso: string): number => (Date.parse(iso) - g.startMs) / g.intervalMs;
  const ok = new Uint8Array(n).fill(1);
  const clear = (from: string, to: string): void => {
    ok.fill(0, Math.max(0, at(from)), Math.min(n, at(to)));
  };
  for (const f of g.truth.failures) clear(f.onset, f.repaired);
  for (const d of g.truth.downtime) clear(d.from, d.to);
  for (const f of g.truth.sensorFaults) clear(f.from, f.to);
  return ok;
}

function stats(values: Float32Array, ok: Uint8Array): { mean: number; sd: number } {
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!ok[i]) continue;
    sum += values[i];
    sumSq += values[i] * values[i];
    count++;
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(sumSq / count - mean * mean) };
}

function correlation(a: Float32Array, b: Float32Array, ok: Uint8Array): number {
  const sa = stats(a, ok);
  const sb = stats(b, ok);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (!ok[i]) continue;
    sum += (a[i] - sa.mean) * (b[i] - sb.mean);
    count++;
  }
  return sum / count / (sa.sd * sb.sd);
}

describe('planted kinds', () => {
  it.each([30, 100, 400])('deals fixed shares of the kinds to %i machines for every seed; the pilot is level-spread', (machines) => {
    for (const seed of [1, 2, 3, 7, 99]) {
      const plan = planFleet({ machines, days: 1, seed });
      const count = (kind: string): number => plan.machines.filter((m) => !m.isPilot && m.kind === kind).length;
      for (const [kind, share] of Object.entries(KIND_SHARES)) {
        expect(count(kind)).toBe(Math.round(share * (machines - 1)));
        expect(count(kind)).toBeGreaterThan(0);
      }
      expect(plan.machines.find((m) => m.isPilot)!.kind).toBe('level-spread');
      expect(plan.machines.every((m) => PLANTED_KINDS.includes(m.kind))).toBe(true);
    }
  });

  it('moves no other draw of the plan: only the pilot’s kind differs when the pilot runs three regimes', () => {
    const plain = planFleet({ machines: 100, days: 90, seed: 7 });
    const regimePilot = planFleet({ machines: 100, days: 90, seed: 7, multiRegimePilot: true });
    const pilot = regimePilot.machines.find((m) => m.isPilot)!;
    expect(pilot.kind).toBe('multi-regime');
    expect({ ...regimePilot, machines: regimePilot.machines.map((m) => ({ ...m, kind: m.isPilot ? 'level-spread' : m.kind })) }).toEqual(plain);
    const g = generateMachine(regimePilot, pilot.assetId);
    expect(g.truth.kind).toBe('multi-regime');
    expect(new Set(g.truth.regimes!.periods.map((p) => p.setpoint))).toEqual(new Set(REGIME_SETPOINTS));
  });

  const plan = planFleet({ machines: 100, days: 30, seed: 5 });
  const n = plan.samplesPerSignal;
  const complete = (kind: string): MachinePlan[] => plan.machines.filter((m) => m.kind === kind && !m.isPilot && m.missingSignals.length === 0);

  it('coupling: temperatures answer the load with the opposite sign, current and power ignore it, every marginal stays planted', () => {
    const reference = inCanonicalUnits(plan, complete('level-spread')[0]);
    const refOk = healthyMask(reference, n);
    const refTemp = correlation(reference.tags.wdg_t, reference.tags.flow, refOk);
    const refCurrent = correlation(reference.tags.amps, reference.tags.flow, refOk);
    expect(refTemp).toBeGreaterThan(0.25);
    expect(refCurrent).toBeGreaterThan(0.4);
    for (const m of complete('coupling').slice(0, 3)) {
      const g = inCanonicalUnits(plan, m);
      expect(g.truth.coupling!.signals).toEqual(['bearing_temp', 'winding_temp', 'motor_current', 'power']);
      const ok = healthyMask(g, n);
      expect(correlation(g.tags.wdg_t, g.tags.flow, ok)).toBeLessThan(-0.25);
      expect(correlation(g.tags.brg_t, g.tags.flow, ok)).toBeLessThan(-0.1);
      expect(Math.abs(correlation(g.tags.amps, g.tags.flow, ok))).toBeLessThan(0.2);
      for (const signal of CANONICAL_SIGNALS) {
        const { mean, sd } = stats(g.tags[B_TAG(signal)], ok);
        const planted = m.healthy[signal];
        expect({ signal, shift: Math.abs(mean - planted.mean) / planted.sigma < 0.2 }).toEqual({ signal, shift: true });
        expect({ signal, ratio: Math.abs(sd / planted.sigma - 1) < 0.12 }).toEqual({ signal, ratio: true });
      }
    }
  });

  it('multi-regime: speed sits at three setpoints, flow follows s and power s³, each dwell 1–5 days', () => {
    for (const m of complete('multi-regime').slice(0, 3)) {
      const g = inCanonicalUnits(plan, m);
      const regimes = g.truth.regimes!;
      expect(regimes.signal).toBe('speed');
      expect(regimes.setpoints).toEqual([0.85, 1, 1.15]);
      expect(regimes.periods[0].from).toBe(new Date(plan.startMs).toISOString());
      for (const [k, p] of regimes.periods.entries()) {
        if (k > 0) expect(p.from).toBe(regimes.periods[k - 1].to);
        const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000;
        if (k < regimes.periods.length - 1) expect(days).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(days).toBeLessThanOrEqual(5 + 1e-9);
      }
      const ok = healthyMask(g, n);
      for (const setpoint of REGIME_SETPOINTS) {
        const inRegime = Uint8Array.from(ok);
        const at = (iso: string): number => (Date.parse(iso) - g.startMs) / g.intervalMs;
        for (const p of regimes.periods) if (p.setpoint !== setpoint) inRegime.fill(0, at(p.from), at(p.to));
        const ratio = (signal: CanonicalSignal): number => stats(g.tags[B_TAG(signal)], inRegime).mean / m.healthy[signal].mean;
        expect({ setpoint, speed: ratio('speed') }).toEqual({ setpoint, speed: expect.closeTo(setpoint, 2) });
        expect(Math.abs(ratio('flow') - setpoint)).toBeLessThan(0.03);
        expect(Math.abs(ratio('power') - setpoint ** 3)).toBeLessThan(0.05);
        expect(Math.abs(ratio('pressure') - setpoint ** 2)).toBeLessThan(0.05);
      }
    }
  });

  it('degrading-at-start: the first run-up began before the start and the first hours already vibrate above healthy', () => {
    const machines = complete('degrading-at-start');
    expect(machines.length).toBeGreaterThan(3);
    for (const m of machines) {
      const g = inCanonicalUnits(plan, m);
      const [first] = g.truth.failures;
      expect(Date.parse(first.onset)).toBeLessThan(g.startMs);
      const failureAt = (Date.parse(first.failure) - g.startMs) / g.intervalMs;
      expect(failureAt).toBeGreaterThanOrEqual(1440);
      expect(failureAt).toBeLessThanOrEqual(4 * 1440);
      // the first 12 hours, outside stops and sensor faults
      const ok = new Uint8Array(n);
      ok.fill(1, 0, 720);
      for (const d of g.truth.downtime)
        ok.fill(0, Math.max(0, (Date.parse(d.from) - g.startMs) / 60_000), Math.min(720, (Date.parse(d.to) - g.startMs) / 60_000));
      for (const f of g.truth.sensorFaults)
        if (f.signal === 'vibration_rms') ok.fill(0, (Date.parse(f.from) - g.startMs) / 60_000, (Date.parse(f.to) - g.startMs) / 60_000);
      expect(stats(g.tags.vib1, ok).mean).toBeGreaterThan(m.healthy.vibration_rms.mean);
    }
  });
});
