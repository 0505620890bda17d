import { benjaminiHochberg, median, wilson } from '@fleetgate/stats';
import { MachineAssessment } from './assess-machine.util';
import { THRESHOLDS } from './thresholds';
import { Verdict, VERDICTS } from './verdict.util';

export interface MachineOutcome {
  machineId: string;
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageYears: number;
  attributes: Record<string, string | number>;
  status: 'done' | 'failed';
  error?: string;
  assessment?: MachineAssessment;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface SegmentSummary {
  dimension: string;
  value: string;
  machines: number;
  /** Evaluated machines that are evidence: training machines (verdict `training`) count in `machines` and `verdicts` only. */
  evaluated: number;
  verdicts: Record<Verdict, number>;
  validated: number;
  validatedShare: Interval;
  recall: (Interval & { detected: number; failures: number }) | null;
  medianPsi: number | null;
  medianAlarmRateRatio: number | null;
  /** One-sided p-value that the validated share is lower than in the rest of the fleet; flagged after BH at THRESHOLDS.fdr. */
  pValue: number | null;
  flagged: boolean;
  segmentValidated: boolean;
}

export interface FleetReport {
  status: 'completed' | 'partial' | 'failed';
  counts: { machines: number; evaluated: number; failed: number; verdicts: Record<Verdict, number> };
  segments: SegmentSummary[];
  validatedScope: {
    machineIds: string[];
    assetIds: string[];
    segments: Array<{ dimension: string; value: string; validated: number; of: number }>;
    excluded: Array<{ assetId: string; verdict: Verdict | 'failed'; reasons: string[] }>;
  };
  failedMachines: Array<{ assetId: string; error: string }>;
  ageBands: number[];
}

export function ageBand(age: number, bands: readonly number[]): string {
  let lo = 0;
  for (const b of bands) {
    if (age < b) return `${lo}-${b}y`;
    lo = b;
  }
  return `${lo}y+`;
}

/**
 * The fleet report from per-machine outcomes: segments by machine model, age band, site and
 * every attribute, with Wilson intervals and BH-corrected flags; the validated scope (machines
 * whose verdict is `generalizes`) and why every other machine is out. A `borderline` machine is
 * undecided: it is not in the validated scope (so not in a segment's validated share either) and
 * not counted out of domain; `validatedScope.excluded` lists it with its reasons, which say what
 * would settle it (more healthy days, or a shadow period). A `training` machine (the version
 * learned from it) is listed in `excluded` with its figures' held-out reading, and counted in
 * `counts` and each segment's `verdicts.training`, but in no share, recall or drift median: its
 * figures are in-sample. Aggregates in asset-id order so the same outcomes always give the same report.
 */
export function buildFleetReport(outcomes: readonly MachineOutcome[], opts: { ageBands?: number[] } = {}): FleetReport {
  const t = THRESHOLDS;
  const bands = opts.ageBands ?? [...t.defaultAgeBands];
  const sorted = [...outcomes].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
  const done = sorted.filter((o) => o.status === 'done' && o.assessment);
  const failed = sorted.filter((o) => o.status === 'failed');
  const validated = done.filter((o) => o.assessment!.verdict === 'generalizes');

  const groups = new Map<string, { dimension: string; value: string; members: MachineOutcome[] }>();
  const add = (dimension: string, value: string, o: MachineOutcome) => {
    const key = `${dimension}\u0000${value}`;
    if (!groups.has(key)) groups.set(key, { dimension, value, members: [] });
    groups.get(key)!.members.push(o);
  };
  for (const o of sorted) {
    add('machineModel', o.machineModel, o);
    add('ageBand', ageBand(o.ageYears, bands), o);
    add('site', o.site, o);
    for (const [k, v] of Object.entries(o.attributes ?? {}).sort()) add(`attribute:${k}`, String(v), o);
  }
  const fleetValidated = validated.length;
  const fleetEvaluated = done.filter(isEvidence).length;
  const segments: SegmentSummary[] = [...groups.values()]
    // Numeric-aware so age bands read 0-5y, 5-10y, 10-15y …
    .sort((a, b) => (a.dimension === b.dimension ? a.value.localeCompare(b.value, 'en', { numeric: true }) : a.dimension < b.dimension ? -1 : 1))
    .map(({ dimension, value, members }) => summarise(dimension, value, members, fleetValidated, fleetEvaluated));
  const tested = segments.map((s, i) => ({ i, p: s.pValue })).filter((x) => x.p !== null);
  if (tested.length) {
    const fdr = benjaminiHochberg(
      tested.map((x) => x.p!),
      t.fdr,
    );
    tested.forEach((x, k) => (segments[x.i].flagged = fdr.rejected[k]));
  }

  const counts = { machines: sorted.length, evaluated: done.length, failed: failed.length, verdicts: countVerdicts(done) };
  const status: FleetReport['status'] = done.length === 0 && sorted.length > 0 ? 'failed' : failed.length ? 'partial' : 'completed';
  return {
    status,
    counts,
    segments,
    validatedScope: {
      machineIds: validated.map((o) => o.machineId),
      assetIds: validated.map((o) => o.assetId),
      segments: segments.filter((s) => s.validated > 0).map((s) => ({ dimension: s.dimension, value: s.value, validated: s.validated, of: s.machines })),
      excluded: sorted
        .filter((o) => o.status === 'failed' || o.assessment?.verdict !== 'generalizes')
        .map((o) =>
          o.status === 'failed'
            ? { assetId: o.assetId, verdict: 'failed' as const, reasons: [o.error ?? 'evaluation failed'] }
            : { assetId: o.assetId, verdict: o.assessment!.verdict, reasons: o.assessment!.reasons },
        ),
    },
    failedMachines: failed.map((o) => ({ assetId: o.assetId, error: o.error ?? 'evaluation failed' })),
    ageBands: bands,
  };
}

function countVerdicts(done: readonly MachineOutcome[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const o of done) counts[o.assessment!.verdict]++;
  return counts;
}

/** Not a training machine: its figures are evidence about the model on machines it did not learn from. */
function isEvidence(o: MachineOutcome): boolean {
  return o.assessment?.verdict !== 'training';
}

function summarise(dimension: string, value: string, members: MachineOutcome[], fleetValidated: number, fleetEvaluated: number): SegmentSummary {
  const scored = members.filter((o) => o.status === 'done' && o.assessment);
  const verdicts = countVerdicts(scored);
  const done = scored.filter(isEvidence);
  const validated = verdicts.generalizes;
  const share = wilson(validated, done.length, THRESHOLDS.wilsonZ);
  let detected = 0;
  let failures = 0;
  for (const o of done) {
    const p = o.assessment!.performance;
    if (p) {
      detected += p.detected;
      failures += p.failures;
    }
  }
  const recall = failures ? { ...interval(wilson(detected, failures, THRESHOLDS.wilsonZ)), detected, failures } : null;
  const psis = done.map((o) => o.assessment!.drift.medianPsi).filter(Number.isFinite);
  const ratios = done.map((o) => o.assessment!.output.alarmRateRatio).filter(Number.isFinite);
  return {
    dimension,
    value,
    machines: members.length,
    evaluated: done.length,
    verdicts,
    validated,
    validatedShare: interval(share),
    recall,
    medianPsi: psis.length ? median(psis) : null,
    medianAlarmRateRatio: ratios.length ? median(ratios) : null,
    pValue: lowerShareP(validated, done.length, fleetValidated - validated, fleetEvaluated - done.length),
    flagged: false,
    segmentValidated: done.length > 0 && share.low >= THRESHOLDS.segmentValidatedLowerBound,
  };
}

function interval(w: { estimate: number; low: number; high: number }): Interval {
  return { estimate: w.estimate, low: w.low, high: w.high };
}

/** One-sided two-proportion z-test: is the segment's share lower than the rest's? */
function lowerShareP(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 === 0 || n2 === 0) return null;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = (x1 / n1 - x2 / n2) / se;
  return normalCdf(z);
}

/** Φ(z) via erfc, accurate to ~1e-7 (Numerical Recipes' erfc approximation). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
