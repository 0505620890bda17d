import { fnv1a32, mulberry32 } from '@fleetgate/stats';
import { invalidOption } from './trainer.util';

/** A machine that may be drawn into a fleet-trained model's training set, with the segment it belongs to. */
export interface TrainingCandidate {
  assetId: string;
  /** The stratum, e.g. "machineModel=P200 ageBand=5-10y" (the caller decides the segmentation). */
  segment: string;
}

export interface SegmentDraw {
  segment: string;
  /** Candidates the segment offered. */
  candidates: number;
  /** Asset ids drawn, in draw order. */
  drawn: string[];
}

export interface TrainingSample {
  /** Every drawn asset id, sorted. */
  assetIds: string[];
  /** Per segment (sorted by name): how many it offered and which were drawn. */
  segments: SegmentDraw[];
}

/**
 * Stratified draw of `perSegment` machines from each segment (all of a smaller one). Deterministic:
 * the same candidates, `perSegment` and `seed` give the same machines whatever order the candidates
 * come in — each segment is shuffled by its own generator, seeded from `seed` and the segment's
 * name, so adding machines to one segment never changes what another segment draws.
 */
export function sampleTrainingMachines(candidates: readonly TrainingCandidate[], perSegment: number, seed: number): TrainingSample {
  if (!Number.isInteger(perSegment) || perSegment < 1) invalidOption('perSegment', `perSegment must be a positive integer, got ${perSegment}`);
  if (!Number.isInteger(seed)) invalidOption('seed', `seed must be an integer, got ${seed}`);
  const bySegment = new Map<string, string[]>();
  for (const c of candidates) {
    if (!bySegment.has(c.segment)) bySegment.set(c.segment, []);
    bySegment.get(c.segment)!.push(c.assetId);
  }
  const segments = [...bySegment.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([segment, ids]) => {
      const pool = [...new Set(ids)].sort();
      const random = mulberry32(fnv1a32(`${seed}\u0000${segment}`));
      // Partial Fisher–Yates: the first `perSegment` places of a seeded shuffle.
      const take = Math.min(perSegment, pool.length);
      for (let i = 0; i < take; i++) {
        const j = i + Math.floor(random() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return { segment, candidates: pool.length, drawn: pool.slice(0, take) };
    });
  return { assetIds: segments.flatMap((s) => s.drawn).sort(), segments };
}

/**
 * Pools per-machine healthy levels of one signal (exact pooled mean and population σ, between-machine
 * spread included) — the formula the registry's reference profile pools training machines with, so
 * the envelope the trainer augments over is the one the evaluation's domain check reads. One machine
 * is returned as it is.
 */
export function poolLevels(parts: ReadonlyArray<{ mean: number; std: number; hours: number }>): { mean: number; std: number; hours: number } {
  const used = parts.filter((p) => p.hours > 0 && Number.isFinite(p.mean) && Number.isFinite(p.std));
  if (used.length === 1) return { mean: used[0].mean, std: used[0].std, hours: used[0].hours };
  const n = used.reduce((a, p) => a + p.hours, 0);
  if (n === 0) return { mean: NaN, std: NaN, hours: 0 };
  const mean = used.reduce((a, p) => a + p.hours * p.mean, 0) / n;
  const ss = used.reduce((a, p) => a + p.hours * (p.std * p.std + (p.mean - mean) ** 2), 0);
  return { mean, std: Math.sqrt(ss / n), hours: n };
}
