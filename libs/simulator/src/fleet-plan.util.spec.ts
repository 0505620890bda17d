import { DEFAULT_START_MS, MISSING_SIGNAL, planFleet } from './fleet-plan.util';
import { CANONICAL_SIGNALS } from './signal-catalog.util';
import type { FleetPlan, MachinePlan } from './simulator.types';

const YEAR_MS = 365.25 * 86_400_000;

function ageBand(m: MachinePlan): string {
  return `${Math.min(20, Math.floor(m.ageYears / 5) * 5)}y`;
}

/** in/out-of-domain counts per group */
function split(plan: FleetPlan, key: (m: MachinePlan) => string): Map<string, { inside: number; outside: number }> {
  const groups = new Map<string, { inside: number; outside: number }>();
  for (const m of plan.machines) {
    const g = groups.get(key(m)) ?? { inside: 0, outside: 0 };
    if (m.inDomain) g.inside++;
    else g.outside++;
    groups.set(key(m), g);
  }
  return groups;
}

describe('planFleet', () => {
  const plan = planFleet({ machines: 100, days: 90, seed: 7 });

  it('lays out 3 sites, 4 machine models, ages 0–25 years and the three tag conventions', () => {
    expect(plan.startMs).toBe(DEFAULT_START_MS);
    expect(new Date(plan.startMs).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(plan.samplesPerSignal).toBe(90 * 1440);
    expect(plan.machines).toHaveLength(100);
    expect(new Set(plan.machines.map((m) => m.site))).toEqual(new Set(['PLT1', 'PLT2', 'PLT3']));
    expect(new Set(plan.machines.map((m) => m.machineModel))).toEqual(new Set(['P200', 'P300', 'K10', 'X5']));
    expect(new Set(plan.machines.map((m) => m.convention))).toEqual(new Set(['A', 'B', 'C']));
    expect(new Set(plan.machines.map((m) => m.criticality))).toEqual(new Set(['low', 'medium', 'high']));
    expect(new Set(plan.machines.map((m) => m.assetId)).size).toBe(100);
    for (const m of plan.machines) {
      expect(m.assetId).toMatch(new RegExp(`^${m.site}-${m.machineModel}-\\d{4}$`));
      expect(m.ageYears).toBeGreaterThanOrEqual(0);
      expect(m.ageYears).toBeLessThanOrEqual(25.01);
      // the age is what the commissioning date says
      expect(m.ageYears).toBeCloseTo((plan.startMs - Date.parse(`${m.commissionedAt}T00:00:00Z`)) / YEAR_MS, 9);
    }
    const ages = plan.machines.map((m) => m.ageYears);
    expect(Math.min(...ages)).toBeLessThan(2);
    expect(Math.max(...ages)).toBeGreaterThan(23);
  });

  it('names raw tags by convention, with the unit variants of the catalog', () => {
    const a = plan.machines.find((m) => m.convention === 'A' && m.machineModel === 'P300' && m.missingSignals.length === 0)!;
    expect(a.rawTags).toEqual(['P300_VIB_01', 'P300_BRG_TEMP_F', 'P300_WDG_TEMP_F', 'P300_CUR_A', 'P300_PWR_W', 'P300_RPM', 'P300_PRES_PSI', 'P300_FLOW']);
    expect(a.tagUnits).toMatchObject({ P300_BRG_TEMP_F: '°F', P300_PWR_W: 'W', P300_PRES_PSI: 'psi', P300_VIB_01: 'mm/s' });
    const b = plan.machines.find((m) => m.convention === 'B' && m.missingSignals.length === 0)!;
    expect(b.rawTags).toEqual(['vib1', 'brg_t', 'wdg_t', 'amps', 'kw', 'rpm', 'press', 'flow']);
    const c = plan.machines.find((m) => m.convention === 'C' && m.missingSignals.length === 0)!;
    expect(c.rawTags[0]).toBe('Vibration (in/s)');
    expect(c.tagUnits['Vibration (in/s)']).toBe('in/s');
    expect(c.tagSignals['Flow (m3/h)']).toBe('flow');
  });

  it('has exactly one pilot: a young P200 whose own comparison is trivially in domain', () => {
    const pilots = plan.machines.filter((m) => m.isPilot);
    expect(pilots).toHaveLength(1);
    const [pilot] = pilots;
    expect(plan.pilotAssetId).toBe(pilot.assetId);
    expect(pilot.machineModel).toBe('P200');
    expect(pilot.ageYears).toBeLessThan(4);
    expect(pilot.missingSignals).toEqual([]);
    expect(pilot.inDomain).toBe(true);
    for (const s of CANONICAL_SIGNALS) expect(pilot.domain[s]).toEqual({ meanShiftSigmas: 0, sigmaRatio: 1, inDomain: true });
  });

  it('has exactly one machine lacking a whole signal, which is out of domain', () => {
    const incomplete = plan.machines.filter((m) => m.missingSignals.length > 0);
    expect(incomplete).toHaveLength(1);
    const [m] = incomplete;
    expect(m.missingSignals).toEqual([MISSING_SIGNAL]);
    expect(m.rawTags).toHaveLength(7);
    expect(Object.values(m.tagSignals)).not.toContain(MISSING_SIGNAL);
    expect(m.isPilot).toBe(false);
    expect(m.inDomain).toBe(false);
    expect(m.domain[MISSING_SIGNAL].inDomain).toBe(false);
  });

  it('derives inDomain from the planted parameters by the documented rule', () => {
    const pilot = plan.machines.find((m) => m.isPilot)!;
    for (const m of plan.machines) {
      const expected =
        m.missingSignals.length === 0 &&
        CANONICAL_SIGNALS.every((s) => {
          const shift = Math.abs(m.healthy[s].mean - pilot.healthy[s].mean) / pilot.healthy[s].sigma;
          const ratio = m.healthy[s].sigma / pilot.healthy[s].sigma;
          return shift <= 1 && ratio >= 0.5 && ratio <= 2;
        });
      expect(m.inDomain).toBe(expected);
    }
  });

  // Over seeds 1..3000 the in-domain share was 34–60 % at 100 machines and 41–54 % at 400
  // (mean 47 % for both); the bounds leave a little room beyond that.
  it.each([
    [100, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 0.3, 0.65],
    [400, [7, 99, 2024], 0.38, 0.58],
  ])('splits %i machines near half in domain and through every model and age band (seeds %j)', (machines, seeds, low, high) => {
    for (const seed of seeds) {
      const p = planFleet({ machines, days: 90, seed });
      const inside = p.machines.filter((m) => m.inDomain).length;
      expect(inside).toBeGreaterThanOrEqual(low * machines);
      expect(inside).toBeLessThanOrEqual(high * machines);
      for (const [group, counts] of [...split(p, (m) => m.machineModel), ...split(p, ageBand)]) {
        expect({ seed, group, bothSides: counts.inside > 0 && counts.outside > 0 }).toEqual({ seed, group, bothSides: true });
      }
    }
  });

  it('is a function of the options alone', () => {
    expect(planFleet({ machines: 100, days: 90, seed: 7 })).toEqual(plan);
    const other = planFleet({ machines: 100, days: 90, seed: 8 });
    expect(other.machines.map((m) => m.healthy)).not.toEqual(plan.machines.map((m) => m.healthy));
    const later = planFleet({ machines: 100, days: 90, seed: 7, startMs: Date.UTC(2027, 0, 1) });
    expect(later.startMs).toBe(Date.UTC(2027, 0, 1));
  });

  it('keeps planted healthy levels physically plausible and inside the valid ranges', () => {
    for (const m of plan.machines) {
      expect(m.healthy.vibration_rms.mean - 5 * m.healthy.vibration_rms.sigma).toBeGreaterThan(0);
      expect(m.healthy.bearing_temp.mean).toBeGreaterThan(40);
      expect(m.healthy.bearing_temp.mean).toBeLessThan(80);
      expect(m.healthy.speed.mean).toBeGreaterThan(1400);
      expect(m.healthy.pressure.mean - 5 * m.healthy.pressure.sigma).toBeGreaterThan(0);
    }
  });

  it('refuses impossible options', () => {
    expect(() => planFleet({ machines: 0, days: 90, seed: 1 })).toThrow(/machines/);
    expect(() => planFleet({ machines: 10, days: 0.5, seed: 1 })).toThrow(/days/);
    expect(() => planFleet({ machines: 10, days: 90, seed: Number.NaN })).toThrow(/seed/);
    expect(() => planFleet({ machines: 10, days: 90, seed: 1, startMs: 1234 })).toThrow(/startMs/);
  });
});
