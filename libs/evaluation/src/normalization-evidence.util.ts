import {
  BaselineTrend,
  compareSignalRelations,
  PreparedSeries,
  RelationsComparison,
  SeriesBySignal,
  SignalBaseline,
  SignalRelations,
  signalRelations,
} from '@fleetgate/inference';
import { THRESHOLDS } from './thresholds';

/** What a normalised model's assessment records about the preparation: the evidence a reader checks. */
export interface NormalizationEvidence {
  method: 'per-machine-baseline' | 'per-regime';
  /** per-machine-baseline: the baseline the machine was expressed against (stored with the assessment, so a deployment can pin it). */
  baseline?: {
    fromMs: number;
    toMs: number;
    source: 'auto' | 'explicit';
    explicitVersion: number | null;
    signals: SignalBaseline[];
    valid: boolean;
    reasons: string[];
    trends: BaselineTrend[];
    /** Per-regime baselines: the machine's level and spread of each signal in each regime (what a deployment pins). */
    regimeLevels?: SignalBaseline[][];
  };
  /** Windows starting before this calibrated the machine and count in no figure (null: none did). */
  calibrationEndMs: number | null;
  /** per-machine-baseline: the domain check of that normalization — signal relations against the pilot's. */
  relations?: RelationsComparison;
  /** per-regime: hours per pilot regime, in none ('unseen', out of domain) and without regime data. */
  regimes?: { hoursByRegime: number[]; unseenHours: number; unassignedHours: number; unseenShare: number };
  /** Why the machine could not be normalised (then it is insufficient-data). */
  refusal?: string;
}

export interface NormalizationFindings {
  evidence: NormalizationEvidence;
  insufficient: string[];
  outside: string[];
  /** The generalizes reason's first line. */
  inDomain: string;
  /** Levels and spreads are equal by construction under per-machine baselines: the raw level check says nothing there. */
  levelChecks: boolean;
}

/**
 * The domain check of a normalised model, side by side with the raw one (`domainChecks`):
 * - per-machine-baseline: relations between signals and the within/between-hour composition
 *   (`compareSignalRelations`), measured on the healthy hours after the baseline;
 * - per-regime: the raw level check on the regime-normalised signals (the pilot's profile is
 *   normalised the same way), plus the share of hours in regimes the pilot never ran.
 */
export function normalizationFindings(
  method: 'per-machine-baseline' | 'per-regime',
  prepared: PreparedSeries,
  signals: readonly string[],
  pilotRelations: SignalRelations | null,
  excluded: ReadonlyArray<readonly [number, number]>,
  t = THRESHOLDS,
): NormalizationFindings {
  const b = prepared.baseline;
  const evidence: NormalizationEvidence = {
    method,
    calibrationEndMs: Number.isFinite(prepared.calibrationEndMs) ? prepared.calibrationEndMs : null,
    ...(b
      ? {
          baseline: {
            fromMs: b.fromMs,
            toMs: b.toMs,
            source: b.source,
            explicitVersion: b.explicitVersion,
            signals: b.signals,
            valid: b.validity.valid,
            reasons: b.validity.reasons.map((r) => r.message),
            trends: b.validity.trends,
            ...(b.regimeLevels ? { regimeLevels: b.regimeLevels } : {}),
          },
        }
      : {}),
    ...(prepared.refusal ? { refusal: prepared.refusal } : {}),
  };
  if (prepared.refusal) return { evidence, insufficient: [prepared.refusal], outside: [], inDomain: '', levelChecks: false };

  // Hours in regimes the pilot never ran (or, with per-regime baselines, that the machine's baseline did not cover).
  const regimeOutside: string[] = [];
  if (prepared.regimes) {
    const r = prepared.regimes;
    const assigned = r.hoursByRegime.reduce((a, h) => a + h, 0);
    const unseenShare = assigned + r.unseenHours > 0 ? r.unseenHours / (assigned + r.unseenHours) : 0;
    evidence.regimes = { ...r, unseenShare };
    if (unseenShare > t.regimes.maxUnseenShare)
      regimeOutside.push(
        `${pct(unseenShare)} of hours (${r.unseenHours} h) in operating regimes the model has no level for (max ${pct(t.regimes.maxUnseenShare)})`,
      );
  }
  if (method === 'per-regime') {
    return {
      evidence,
      insufficient: [],
      outside: regimeOutside,
      inDomain: 'regime-normalised healthy levels and spreads within the pilot envelope',
      levelChecks: true,
    };
  }

  if (!pilotRelations) {
    return {
      evidence,
      insufficient: ['the reference profile holds no signal relations of the pilot (an uploaded profile): the domain check cannot run'],
      outside: [],
      inDomain: '',
      levelChecks: false,
    };
  }
  const afterBaseline: Array<readonly [number, number]> = [...excluded, [-Infinity, prepared.calibrationEndMs]];
  const relations = compareSignalRelations(signalRelations(signals, prepared.series as SeriesBySignal, afterBaseline), pilotRelations);
  evidence.relations = relations;
  const label = (r: string) => `signal relations after the baseline: ${r}`;
  return {
    evidence,
    insufficient: relations.status === 'insufficient-data' ? relations.reasons.map(label) : [],
    outside: [...regimeOutside, ...(relations.status === 'out' ? relations.reasons.map(label) : [])],
    inDomain: 'signals relate as on the pilot (each against its own baseline)',
    levelChecks: false,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

/** What a normalised run did across its machines: baselines found or refused, and whose thresholds were their own. */
export interface NormalizationSummary {
  method: 'per-machine-baseline' | 'per-regime';
  /** Machines judged against a valid baseline, and those refused one (insufficient-data, with the reason). */
  baselines: { valid: number; refused: string[] };
  /** Per-machine thresholds: the machines that got their own, and how many kept the version's (each assessment says why). */
  thresholds: { applied: string[]; keptVersion: number };
}

export function normalizationSummary(
  outcomes: ReadonlyArray<{ assetId: string; assessment?: { normalization?: NormalizationEvidence; threshold?: { mode: string; applied: boolean } } }>,
): NormalizationSummary | null {
  const normalised = outcomes.filter((o) => o.assessment?.normalization);
  if (!normalised.length) return null;
  const sorted = (xs: string[]) => xs.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const perMachine = outcomes.filter((o) => o.assessment?.threshold?.mode === 'per-machine');
  return {
    method: normalised[0].assessment!.normalization!.method,
    baselines: {
      valid: normalised.filter((o) => o.assessment!.normalization!.baseline?.valid && !o.assessment!.normalization!.refusal).length,
      refused: sorted(normalised.filter((o) => o.assessment!.normalization!.refusal).map((o) => o.assetId)),
    },
    thresholds: {
      applied: sorted(perMachine.filter((o) => o.assessment!.threshold!.applied).map((o) => o.assetId)),
      keptVersion: perMachine.filter((o) => !o.assessment!.threshold!.applied).length,
    },
  };
}
