import { ValueCosts } from '@fleetgate/gate';
import { Remedy, RemedyFigures, SegmentFigures } from './advice-summary.util';
import { RemedyPlan } from './remedy-plan.util';
import { AdviceStatus } from './advice.entity';

/** What the request may set (`POST /api/evaluations/:id/advice`). */
export interface AdviceOptions {
  /** Machines drawn per left-out segment (machine model × age band) for the fleet-trained variant (default 1). */
  samplePerSegment: number;
  /** The signals that set the operating regime (the per-regime remedy needs them). */
  regimeSignals: string[];
  /** The per-machine-baseline variant's baseline length (default: the pilot's training period, at most 14 days). */
  baselineMs: number | null;
  /** Seed of the stratified draw (default 42). */
  seed: number;
  /** Who asked, and in which role: the variants' evaluations run in their name. */
  role: string;
}

/** One remedy as tried: the plan, the variant that tried it and its evaluation run. */
export interface RemedyState extends RemedyPlan {
  /** The version evaluated: the variant, or the evaluated version itself (a deployment setting). */
  modelVersionId: string | null;
  /** `<model>@<version>` of it. */
  label: string | null;
  runId: string | null;
  /** The variant's training machines (the pilot first); left-out ones among them are no evidence for it. */
  trainingMachines: string[];
  error: string | null;
}

export interface RemedyResult extends Omit<RemedyState, 'training' | 'thresholds' | 'sharesVariantOf'> {
  thresholds: 'version' | 'per-machine';
  figures: RemedyFigures | null;
  segments: SegmentFigures[];
}

export interface AdviceSummary {
  leftOut: { machines: number; assetIds: string[] };
  /** The costs the net values are priced with (the approved `default` policy's, or the shipped placeholders). */
  costs: ValueCosts;
  /** Best first (see `rankRemedies`: coverage, then value, then cost). */
  remedies: RemedyResult[];
  /** The evaluated remedies by the lower bound of their net value (see `rankByValue`). */
  byValue: Remedy[];
  /** See `recommend`: the first by coverage that brings machines in without being shown to lose money. */
  recommended: Remedy | null;
}

export interface AdviceView {
  id: string;
  runId: string;
  status: AdviceStatus;
  requestedBy: string;
  options: AdviceOptions;
  remedies: RemedyState[];
  summary: AdviceSummary | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
