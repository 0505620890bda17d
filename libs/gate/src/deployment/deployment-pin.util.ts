import { canonicalJson } from '@fleetgate/common';

/**
 * What a deployment pins for its machine: the baseline the evidence run used there and the
 * alarm threshold that applies (scoring later uses exactly these). Pure (no Nest, no I/O).
 *
 * The evidence run's stored machine result may carry `normalization` and `threshold` (models
 * with per-machine baselines / per-machine thresholds); raw models and runs from before these
 * fields have neither. They are read defensively from the decoded result — a field of the wrong
 * shape counts as absent — through the local reader types below, so the gate does not depend on
 * the evaluation's types for fields it only copies.
 */

export type ThresholdMode = 'version' | 'per-machine';
export type NormalizationMethod = 'per-machine-baseline' | 'per-regime';

/** The normalization fields of a stored machine result, as the gate reads them. */
interface StoredNormalization {
  method?: unknown;
  baseline?: {
    fromMs?: unknown;
    toMs?: unknown;
    source?: unknown;
    explicitVersion?: unknown;
    signals?: unknown;
    valid?: unknown;
    reasons?: unknown;
    regimeLevels?: unknown;
  };
  calibrationEndMs?: unknown;
}

interface StoredThreshold {
  mode?: unknown;
  value?: unknown;
  applied?: unknown;
}

export interface PinnedBaselineSignal {
  signal: string;
  level: number | null;
  spread: number | null;
  hours: number | null;
}

/** The baseline a deployment pins (stored as canonical JSON in `deployments.baseline`). */
export interface PinnedBaseline {
  method: NormalizationMethod;
  /** Null for a method without a per-machine baseline period (per-regime). */
  source: 'auto' | 'explicit' | null;
  /** The explicit baseline version used (null: the automatic baseline, or none). */
  explicitVersion: number | null;
  fromMs: number | null;
  toMs: number | null;
  valid: boolean | null;
  reasons: string[];
  signals: PinnedBaselineSignal[];
  /** Per-regime baselines: the machine's level and spread of each signal in each of the version's regimes (absent otherwise). */
  regimeLevels?: PinnedBaselineSignal[][];
  /** Figures count from here on (baseline and per-machine threshold were calibrated before it). */
  calibrationEndMs: number | null;
}

export interface DeploymentPin {
  baseline: PinnedBaseline | null;
  /** Null only when neither the result nor the version's manifest states a threshold. */
  threshold: number | null;
  thresholdMode: ThresholdMode;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A finite number, else null (a decoded result holds NaN where the stored JSON had null). */
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The version's threshold: its manifest's `output.threshold`, or null when the text states none. */
export function manifestThreshold(manifestText: string | null | undefined): number | null {
  if (!manifestText) return null;
  try {
    const manifest = JSON.parse(manifestText) as unknown;
    return isObject(manifest) && isObject(manifest.output) ? finite(manifest.output.threshold) : null;
  } catch {
    return null;
  }
}

function readBaseline(normalization: unknown): PinnedBaseline | null {
  if (!isObject(normalization)) return null;
  const n = normalization as StoredNormalization;
  if (n.method !== 'per-machine-baseline' && n.method !== 'per-regime') return null;
  const b = isObject(n.baseline) ? n.baseline : null;
  const explicitVersion = finite(b?.explicitVersion);
  return {
    method: n.method,
    source: b?.source === 'auto' || b?.source === 'explicit' ? b.source : null,
    explicitVersion: explicitVersion !== null && Number.isInteger(explicitVersion) ? explicitVersion : null,
    fromMs: finite(b?.fromMs),
    toMs: finite(b?.toMs),
    valid: typeof b?.valid === 'boolean' ? b.valid : null,
    reasons: Array.isArray(b?.reasons) ? b.reasons.filter((r): r is string => typeof r === 'string') : [],
    signals: pinnedSignals(b?.signals),
    ...(Array.isArray(b?.regimeLevels) ? { regimeLevels: (b.regimeLevels as unknown[]).map(pinnedSignals) } : {}),
    calibrationEndMs: finite(n.calibrationEndMs),
  };
}

function pinnedSignals(list: unknown): PinnedBaselineSignal[] {
  return Array.isArray(list)
    ? list
        .filter((s): s is Record<string, unknown> => isObject(s) && typeof s.signal === 'string')
        .map((s) => ({ signal: s.signal as string, level: finite(s.level), spread: finite(s.spread), hours: finite(s.hours) }))
    : [];
}

/**
 * The pin of one machine from its result in the evidence run (`null`: the run has no result
 * for it) and the version's threshold. A per-machine threshold is pinned only when the
 * evaluation applied it with a finite value; otherwise the version's threshold applies.
 */
export function deploymentPin(assessment: unknown, versionThreshold: number | null): DeploymentPin {
  const result = isObject(assessment) ? assessment : {};
  const baseline = readBaseline(result.normalization);
  const t = isObject(result.threshold) ? (result.threshold as StoredThreshold) : null;
  const value = finite(t?.value);
  if (t?.mode === 'per-machine' && t.applied === true && value !== null) return { baseline, threshold: value, thresholdMode: 'per-machine' };
  return { baseline, threshold: versionThreshold, thresholdMode: 'version' };
}

/** The text stored in `deployments.baseline` (canonical JSON; null stays null). */
export function encodePinnedBaseline(baseline: PinnedBaseline | null): string | null {
  return baseline ? canonicalJson(baseline) : null;
}

export function decodePinnedBaseline(text: string | null): PinnedBaseline | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as PinnedBaseline;
  } catch {
    return null;
  }
}

/** The newest explicit baseline of a machine, as the gate compares it with the evidence. */
export interface LatestBaseline {
  version: number;
  fromMs: number;
  toMs: number;
  createdAt: number;
  createdBy: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The reason written on a machine's production deployments when it gets a new baseline. */
export function baselineResetReason(b: { version: number; fromMs: number; toMs: number }, actor: string): string {
  return `baseline reset to ${iso(b.fromMs)}–${iso(b.toMs)} (v${b.version}) by ${actor}: re-evaluate before it serves again`;
}

/**
 * Whether a promotion's evidence re-evaluated the machine since its newest explicit baseline
 * was set: its result there used that baseline version (or a newer one), or the run was started
 * after the baseline was set (the evaluator reads the newest baseline when it evaluates the
 * machine). Returns the reason the new deployment row stays suspended, or null when it may serve.
 */
export function suspensionAfterApproval(
  latest: LatestBaseline | null | undefined,
  evidence: { runId: string; runCreatedAt: number; evaluated: boolean; pin: DeploymentPin },
): string | null {
  if (!latest) return null;
  if (evidence.evaluated) {
    const used = evidence.pin.baseline?.explicitVersion ?? null;
    if (used !== null && used >= latest.version) return null;
    if (evidence.runCreatedAt > latest.createdAt) return null;
  }
  const why = evidence.evaluated
    ? `evidence run ${evidence.runId} was started before it was set`
    : `evidence run ${evidence.runId} did not evaluate this machine`;
  return `${baselineResetReason(latest, latest.createdBy)} — ${why}`;
}
