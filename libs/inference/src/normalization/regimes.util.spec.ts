import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { mulberry32 } from '@fleetgate/stats';
import { signalLevels } from '../features/signal-levels.util';
import { ar1, minuteSeries, T0 } from './normalization-test-data.fixture';
import { assignRegime, fitRegimes, normalizeByRegime } from './regimes.util';

const FIVE_MIN = 300_000;
const PER_HOUR = HOUR_MS / FIVE_MIN;
const RPM = 1480;

/**
 * A machine that runs each 8-hour shift at one of `setpoints` (× 1480 rpm), drawn by a seeded
 * coin: speed = setpoint + AR(1) noise of σ 8 rpm; temperature = 40 + 10 per setpoint step + noise σ 1.5.
 */
function machine(seed: number, setpoints: number[], days = 60) {
  const n = (days * DAY_MS) / FIVE_MIN;
  const pickShift = mulberry32(seed);
  const shifts = Array.from({ length: days * 3 }, () => Math.floor(pickShift() * setpoints.length));
  const speedNoise = ar1(n, 0.9, seed + 1);
  const tempNoise = ar1(n, 0.9, seed + 2);
  const shiftOf = (i: number) => shifts[Math.floor(i / (8 * PER_HOUR))];
  const speed = Array.from(speedNoise, (z, i) => setpoints[shiftOf(i)] * RPM + 8 * z);
  const temperature = Array.from(tempNoise, (z, i) => 40 + 100 * (setpoints[shiftOf(i)] - 0.85) + 1.5 * z);
  return { series: { speed: minuteSeries(speed, T0, FIVE_MIN), temperature: minuteSeries(temperature, T0, FIVE_MIN) }, shifts };
}

describe('fitRegimes', () => {
  const pilot = machine(1, [0.85, 1, 1.15]);
  const regimes = fitRegimes({ regimeSignals: ['speed'], signals: ['temperature'], series: pilot.series });

  it('finds three speed setpoints as k = 3, by the silhouette', () => {
    expect(regimes.regimes).toHaveLength(3);
    const centres = regimes.regimes.map((r) => r.centre[0]);
    [0.85, 1, 1.15].forEach((f, i) => expect(Math.abs(centres[i] - f * RPM)).toBeLessThan(2));
    const k3 = regimes.silhouette[1];
    expect(k3).toBeGreaterThan(0.9);
    expect(Math.max(...regimes.silhouette)).toBe(k3);
    // Every hour is in one regime: 60 days.
    expect(regimes.regimes.reduce((s, r) => s + r.hours, 0)).toBe(60 * 24);
    expect(regimes.regimes.map((r) => r.hours)).toEqual([0, 1, 2].map((k) => pilot.shifts.filter((s) => s === k).length * 8));
  });

  it('measures the other signals per regime with the evaluation estimator', () => {
    regimes.regimes.forEach((r, i) => {
      expect(r.levels[0].level).toBeCloseTo(40 + 15 * i, 0);
      expect(r.levels[0].spread).toBeGreaterThan(1.2);
      expect(r.levels[0].spread).toBeLessThan(1.8);
    });
  });

  it('is deterministic: the same data and seed give the same regimes', () => {
    expect(fitRegimes({ regimeSignals: ['speed'], signals: ['temperature'], series: pilot.series })).toEqual(regimes);
  });

  it('finds one regime in a machine that wanders around a single speed', () => {
    const n = (30 * DAY_MS) / FIVE_MIN;
    const wander = ar1(n, 0.995, 9);
    const series = {
      speed: minuteSeries(
        Array.from(wander, (z) => RPM + 60 * z),
        T0,
        FIVE_MIN,
      ),
    };
    const one = fitRegimes({ regimeSignals: ['speed'], signals: [], series });
    expect(one.regimes).toHaveLength(1);
    expect(Math.max(...one.silhouette)).toBeLessThan(0.7);
  });

  it('works over two regime signals: a known speed at an unknown pressure is unseen', () => {
    // Two operating points (1258 rpm, 4 bar) and (1702 rpm, 6 bar), each over whole 8-hour shifts.
    const m = machine(3, [0.85, 1.15], 30);
    const pressure = minuteSeries(
      Array.from(m.series.speed.values, (v) => (v < RPM ? 4 : 6) + 0.01 * Math.sin(v)),
      T0,
      FIVE_MIN,
    );
    const two = fitRegimes({ regimeSignals: ['speed', 'pressure'], signals: ['temperature'], series: { ...m.series, pressure } });
    expect(two.regimes.map((r) => r.centre.map((c) => Math.round(c * 10) / 10))).toEqual([
      [expect.closeTo(1258, -1), 4],
      [expect.closeTo(1702, -1), 6],
    ]);
    expect(assignRegime([0.85 * RPM, 4], two)).toBe(0);
    expect(assignRegime([1.15 * RPM, 6], two)).toBe(1);
    expect(assignRegime([0.85 * RPM, 6], two)).toBe('unseen');
  });

  it('leaves out excluded ranges', () => {
    const excluded: Array<[number, number]> = [[T0, T0 + 30 * DAY_MS]];
    const r = fitRegimes({ regimeSignals: ['speed'], signals: ['temperature'], series: pilot.series, excluded });
    expect(r.regimes.reduce((s, x) => s + x.hours, 0)).toBe(30 * 24);
  });
});

describe('assignRegime and normalizeByRegime', () => {
  const pilot = machine(1, [0.85, 1, 1.15]);
  const regimes = fitRegimes({ regimeSignals: ['speed'], signals: ['temperature'], series: pilot.series });

  it('assigns a known setpoint and reports speeds the pilot never ran as unseen', () => {
    expect(assignRegime([RPM], regimes)).toBe(1);
    expect(assignRegime([0.85 * RPM + 5], regimes)).toBe(0);
    expect(assignRegime([1.3 * RPM], regimes)).toBe('unseen');
    expect(assignRegime([0.7 * RPM], regimes)).toBe('unseen');
    // Half-way between two setpoints is nearer neither than 4 σ: unseen, not forced into one.
    expect(assignRegime([0.925 * RPM], regimes)).toBe('unseen');
    expect(assignRegime([NaN], regimes)).toBe('unseen');
  });

  it('normalises a machine with a fourth setpoint, its hours unseen and counted', () => {
    const m = machine(5, [0.85, 1, 1.15, 1.3], 30);
    const out = normalizeByRegime(m.series, regimes);
    const fourth = m.shifts.filter((s) => s === 3).length * 8;
    expect(fourth).toBeGreaterThan(0);
    expect(out.unseenHours).toBe(fourth);
    expect(out.unassignedHours).toBe(0);
    expect(out.hoursByRegime).toEqual([0, 1, 2].map((k) => m.shifts.filter((s) => s === k).length * 8));
    expect([...out.series.keys()]).toEqual(['temperature']);
    const t = out.series.get('temperature')!;
    // Samples of the fourth setpoint's hours are NaN; every other sample is normalised within its regime.
    let nan = 0;
    for (let i = 0; i < t.values.length; i++) {
      const unseen = m.shifts[Math.floor(i / (8 * PER_HOUR))] === 3;
      expect(Number.isNaN(t.values[i])).toBe(unseen);
      if (unseen) nan++;
    }
    expect(nan).toBe(fourth * PER_HOUR);
    // Within each seen regime the normalised temperature has level ≈ 0 and spread ≈ 1.
    for (let k = 0; k < 3; k++) {
      const hours: Array<[number, number]> = [];
      m.shifts.forEach((s, j) => s !== k && hours.push([T0 + j * 8 * HOUR_MS, T0 + (j + 1) * 8 * HOUR_MS]));
      const [l] = signalLevels(['temperature'], { temperature: t }, hours);
      expect(Math.abs(l.mean)).toBeLessThan(0.25);
      expect(l.std).toBeGreaterThan(0.7);
      expect(l.std).toBeLessThan(1.3);
    }
  });

  it('marks hours without usable speed data as unassigned', () => {
    const m = machine(6, [1], 3);
    const speed = { ...m.series.speed, values: Float32Array.from(m.series.speed.values, (v, i) => (i < 10 * PER_HOUR ? NaN : v)) };
    const out = normalizeByRegime({ ...m.series, speed }, regimes);
    expect(out.unassignedHours).toBe(10);
    expect(out.hoursByRegime).toEqual([0, 62, 0]);
  });
});
