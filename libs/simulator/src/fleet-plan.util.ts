import { healthyParams, signalDomain, type MachineEffects } from './healthy-params.util';
import { normalQuantile, Rng, STREAM, stratifiedUniform } from './random.util';
import { CANONICAL_SIGNALS, rawTagFor, rawUnitFor, type CanonicalSignal, type TagConvention } from './signal-catalog.util';
import type { Criticality, FleetOptions, FleetPlan, MachineModelCode, MachinePlan, PlantedKind, SignalDomain, SitePlan } from './simulator.types';

/** The pure planner's default start; the CLI computes the start from `--end` instead. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 1);
/** How far before today a simulated history ends by default, so a live replay stays in the past. */
export const DEFAULT_END_DAYS_AGO = 30;
export const SAMPLE_INTERVAL_MS = 60_000;
export const MAX_AGE_YEARS = 25;
/** The one signal the one incomplete machine lacks (a common model input, so coverage checks bite). */
export const MISSING_SIGNAL: CanonicalSignal = 'pressure';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const PLAN_INDEX = 0xffffffff;

const SITES: SitePlan[] = [
  { code: 'PLT1', name: 'Plant 1 — Riverside', lines: ['L1', 'L2', 'L3', 'L4'] },
  { code: 'PLT2', name: 'Plant 2 — Northgate', lines: ['L1', 'L2', 'L3', 'L4'] },
  { code: 'PLT3', name: 'Plant 3 — Harbour', lines: ['L1', 'L2', 'L3', 'L4'] },
];
// Each site's historian has its own naming; the last line of each site was migrated from
// the next site's system, so a convention is not the same thing as a site.
const SITE_CONVENTION: TagConvention[] = ['A', 'B', 'C'];
const MACHINE_MODELS: Array<{ code: MachineModelCode; manufacturer: string }> = [
  { code: 'P200', manufacturer: 'Aquaron' },
  { code: 'P300', manufacturer: 'Aquaron' },
  { code: 'K10', manufacturer: 'Kessler Pumpen' },
  { code: 'X5', manufacturer: 'Xylo Fluidtech' },
];
const PILOT_MODEL: MachineModelCode = 'P200';
const PILOT_AGE_RANGE: [number, number] = [1.5, 3];
const CRITICALITIES: Criticality[] = ['low', 'medium', 'high'];
const CRITICALITY_WEIGHTS = [0.3, 0.5, 0.2];
export const DEFAULT_LABEL_SHARE = 0.7;
export const PLANTED_KINDS: readonly PlantedKind[] = ['level-spread', 'coupling', 'degrading-at-start', 'multi-regime'];
/** Shares of the non-pilot machines; the rest are 'level-spread'. */
export const KIND_SHARES: Readonly<Record<Exclude<PlantedKind, 'level-spread'>, number>> = {
  coupling: 0.1,
  'degrading-at-start': 0.08,
  'multi-regime': 0.1,
};

function validate(options: FleetOptions): void {
  const { machines, days, seed, startMs } = options;
  if (!Number.isInteger(machines) || machines < 1 || machines > 100_000) throw new RangeError(`machines must be an integer in 1..100000, got ${machines}`);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError(`days must be an integer in 1..3660, got ${days}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (startMs !== undefined && (!Number.isSafeInteger(startMs) || startMs % SAMPLE_INTERVAL_MS !== 0))
    throw new RangeError(`startMs must be whole minutes since the epoch, got ${startMs}`);
  const { intervalMs } = options;
  if (intervalMs !== undefined && !(Number.isSafeInteger(intervalMs) && intervalMs > 0 && intervalMs % SAMPLE_INTERVAL_MS === 0 && DAY_MS % intervalMs === 0))
    throw new RangeError(`intervalMs must be a whole number of minutes that divides a day (e.g. 60000, 3600000), got ${intervalMs}`);
  const { labelShare } = options;
  if (labelShare !== undefined && !(typeof labelShare === 'number' && labelShare >= 0 && labelShare <= 1))
    throw new RangeError(`labelShare must be a number in [0, 1], got ${labelShare}`);
}

/** Default end of a simulated history: UTC midnight DEFAULT_END_DAYS_AGO days before `nowMs`. */
export function defaultHistoryEnd(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS - DEFAULT_END_DAYS_AGO * DAY_MS;
}

/**
 * Kinds of the non-pilot machines: fixed counts (rounded shares) dealt over a random
 * permutation, so the shares do not depend on the seed and a fleet of ≥ 30 machines has every
 * kind. Its own stream: the kinds never move another draw of the plan.
 */
function plantedKinds(seed: number, n: number, pilot: number, multiRegimePilot: boolean): PlantedKind[] {
  const rng = new Rng(seed, PLAN_INDEX, STREAM.kinds);
  const kinds: PlantedKind[] = new Array<PlantedKind>(n).fill('level-spread');
  const others = Array.from(rng.permutation(n - 1), (p) => (p >= pilot ? p + 1 : p));
  let next = 0;
  for (const [kind, share] of Object.entries(KIND_SHARES) as Array<[PlantedKind, number]>) {
    const count = Math.round(share * (n - 1));
    for (let k = 0; k < count; k++) kinds[others[next++]] = kind;
  }
  kinds[pilot] = multiRegimePilot ? 'multi-regime' : 'level-spread';
  return kinds;
}

const QUANTILE_BLOCK = 4;

/**
 * A standard normal draw per machine, stratified twice: over all n machines (one draw per
 * 1/n probability slice) and within every run of QUANTILE_BLOCK consecutive `rank`s (one
 * draw per quartile). Ranked by age, every age band then holds good and bad machines alike
 * for any seed, instead of only on average.
 */
function stratifiedNormal(rng: Rng, rank: Int32Array): Float64Array {
  const n = rank.length;
  const blocks = Math.ceil(n / QUANTILE_BLOCK);
  // quarter of each machine: a fresh permutation of the quarters in each block of ranks
  const byRank = new Int32Array(n);
  for (let b = 0; b < blocks; b++) {
    const size = Math.min(QUANTILE_BLOCK, n - b * QUANTILE_BLOCK);
    const order = rng.permutation(QUANTILE_BLOCK);
    for (let j = 0; j < size; j++) byRank[b * QUANTILE_BLOCK + j] = order[j];
  }
  // slices of (0,1) in order, dealt to machines sorted by (quarter, random)
  const key = Array.from(rank, (r, i) => ({ i, q: byRank[r], tie: rng.uniform() }));
  key.sort((a, b) => a.q - b.q || a.tie - b.tie);
  const out = new Float64Array(n);
  key.forEach(({ i }, slot) => {
    const p = (slot + rng.uniform()) / n;
    out[i] = normalQuantile(Math.min(Math.max(p, 1e-9), 1 - 1e-9));
  });
  return out;
}

function ranks(values: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const rank = new Int32Array(values.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** Commissioning date rounded to a day; age is recomputed from the date so both agree. */
function commissioning(startMs: number, ageYears: number): { commissionedAt: string; ageYears: number } {
  const dayMs = Math.floor((startMs - ageYears * YEAR_MS) / DAY_MS) * DAY_MS;
  return { commissionedAt: new Date(dayMs).toISOString().slice(0, 10), ageYears: (startMs - dayMs) / YEAR_MS };
}

/**
 * Lays out the whole fleet from the seed alone: who the machines are, how they name their
 * tags, and where their healthy behaviour sits relative to the pilot. No telemetry here.
 */
export function planFleet(options: FleetOptions): FleetPlan {
  validate(options);
  const { machines: n, days, seed } = options;
  const startMs = options.startMs ?? DEFAULT_START_MS;
  const rng = new Rng(seed, PLAN_INDEX, STREAM.plan);

  // balanced models and sites, shuffled; lines balanced within a site
  const modelOrder = rng.permutation(n);
  const siteOrder = rng.permutation(n);
  const modelIdx = Array.from(modelOrder, (p) => p % MACHINE_MODELS.length);
  const siteIdx = Array.from(siteOrder, (p) => p % SITES.length);
  const lineIdx = Array.from(siteOrder, (p) => Math.floor(p / SITES.length) % SITES[0].lines.length);

  // stratified age and latent factors within each model: every model spans all ages and conditions
  const age = new Float64Array(n);
  const uMech = new Float64Array(n);
  const uDuty = new Float64Array(n);
  for (let m = 0; m < MACHINE_MODELS.length; m++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (modelIdx[i] === m) members.push(i);
    const a = stratifiedUniform(rng, members.length);
    const ageRank = ranks(a);
    const um = stratifiedNormal(rng, ageRank);
    const ud = stratifiedNormal(rng, ageRank);
    members.forEach((i, k) => {
      age[i] = a[k] * MAX_AGE_YEARS;
      uMech[i] = um[k];
      uDuty[i] = ud[k];
    });
  }
  const meanNoise = Array.from({ length: n }, () => Float64Array.from(CANONICAL_SIGNALS, () => rng.normal()));
  const sigmaNoise = Array.from({ length: n }, () => Float64Array.from(CANONICAL_SIGNALS, () => rng.normal()));
  const criticality = Array.from({ length: n }, () => rng.pickWeighted(CRITICALITIES, CRITICALITY_WEIGHTS));

  // the pilot: a young P200 on PLT1/L1 whose healthy behaviour is the model's typical one
  const pilotModel = MACHINE_MODELS.findIndex((m) => m.code === PILOT_MODEL);
  const pilotCandidates = modelIdx.flatMap((m, i) => (m === pilotModel ? [i] : []));
  const pilot = pilotCandidates[rng.int(pilotCandidates.length)];
  siteIdx[pilot] = 0;
  lineIdx[pilot] = 0;
  age[pilot] = rng.range(PILOT_AGE_RANGE[0], PILOT_AGE_RANGE[1]);
  uMech[pilot] = 0;
  uDuty[pilot] = 0;
  meanNoise[pilot].fill(0);
  sigmaNoise[pilot].fill(0);

  let incomplete = -1;
  if (n > 1) {
    incomplete = rng.int(n - 1);
    if (incomplete >= pilot) incomplete++;
  }

  const drafts = Array.from({ length: n }, (_, i) => {
    const model = MACHINE_MODELS[modelIdx[i]];
    const { commissionedAt, ageYears } = commissioning(startMs, age[i]);
    const effects: MachineEffects = {
      machineModel: model.code,
      ageYears,
      uMech: uMech[i],
      uDuty: uDuty[i],
      meanNoise: meanNoise[i],
      sigmaNoise: sigmaNoise[i],
    };
    return { i, model, commissionedAt, ageYears, healthy: healthyParams(effects) };
  });
  const pilotHealthy = drafts[pilot].healthy;
  const kinds = plantedKinds(seed, n, pilot, options.multiRegimePilot ?? false);

  const machines: MachinePlan[] = drafts.map(({ i, model, commissionedAt, ageYears, healthy }) => {
    const site = SITES[siteIdx[i]];
    const line = site.lines[lineIdx[i]];
    const lastLine = lineIdx[i] === site.lines.length - 1;
    const convention = SITE_CONVENTION[(siteIdx[i] + (lastLine ? 1 : 0)) % SITE_CONVENTION.length];
    const missingSignals: CanonicalSignal[] = i === incomplete ? [MISSING_SIGNAL] : [];
    const rawTags: string[] = [];
    const tagSignals: Record<string, CanonicalSignal> = {};
    const tagUnits: Record<string, string> = {};
    const domain = {} as Record<CanonicalSignal, SignalDomain>;
    for (const signal of CANONICAL_SIGNALS) {
      const present = !missingSignals.includes(signal);
      domain[signal] = signalDomain(healthy[signal], pilotHealthy[signal], present);
      if (!present) continue;
      const tag = rawTagFor(convention, model.code, signal);
      rawTags.push(tag);
      tagSignals[tag] = signal;
      tagUnits[tag] = rawUnitFor(convention, signal).unit;
    }
    return {
      index: i,
      assetId: `${site.code}-${model.code}-${String(i + 1).padStart(4, '0')}`,
      machineModel: model.code,
      manufacturer: model.manufacturer,
      commissionedAt,
      ageYears,
      criticality: criticality[i],
      site: site.code,
      line,
      convention,
      rawTags,
      tagSignals,
      tagUnits,
      healthy,
      missingSignals,
      isPilot: i === pilot,
      kind: kinds[i],
      inDomain: CANONICAL_SIGNALS.every((s) => domain[s].inDomain),
      domain,
    };
  });

  return {
    seed,
    days,
    startMs,
    intervalMs: options.intervalMs ?? SAMPLE_INTERVAL_MS,
    samplesPerSignal: Math.round((days * DAY_MS) / (options.intervalMs ?? SAMPLE_INTERVAL_MS)),
    labelShare: options.labelShare ?? DEFAULT_LABEL_SHARE,
    sites: SITES.map((s) => ({ ...s, lines: [...s.lines] })),
    machineModels: MACHINE_MODELS.map((m) => ({ ...m })),
    pilotAssetId: machines[pilot].assetId,
    machines,
  };
}
