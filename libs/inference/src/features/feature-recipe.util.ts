import { InferenceErrorCode, InferenceException } from '../inference.exception';

export type Aggregation = 'mean' | 'std' | 'min' | 'max' | 'slope' | 'last';

export const AGGREGATIONS: readonly Aggregation[] = ['mean', 'std', 'min', 'max', 'slope', 'last'];

/** How a model turns canonical signals into one feature row per window. */
export interface FeatureRecipe {
  signals: string[];
  windowMs: number;
  stepMs: number;
  aggregations: Aggregation[];
  /** Fraction (0–1) of non-missing samples every signal needs for a window to be kept. */
  minCoverage: number;
}

/** Column names in the order the model sees them: signal-major, then aggregation. */
export function featureNames(recipe: Pick<FeatureRecipe, 'signals' | 'aggregations'>): string[] {
  const names: string[] = [];
  for (const signal of recipe.signals) {
    for (const agg of recipe.aggregations) names.push(`${signal}.${agg}`);
  }
  return names;
}

function refuse(message: string): never {
  throw new InferenceException(InferenceErrorCode.InvalidRecipe, `invalid feature recipe: ${message}`);
}

function duplicates(items: readonly string[]): string[] {
  return [...new Set(items.filter((item, i) => items.indexOf(item) !== i))];
}

/** Throws an INVALID_RECIPE exception naming the first problem found. */
export function validateFeatureRecipe(recipe: FeatureRecipe): void {
  if (!Array.isArray(recipe.signals) || recipe.signals.length === 0) refuse('signals must be a non-empty list');
  for (const s of recipe.signals) {
    if (typeof s !== 'string' || s === '') refuse('every signal must be a non-empty string');
  }
  const dupSignals = duplicates(recipe.signals);
  if (dupSignals.length > 0) refuse(`duplicate signals: ${dupSignals.join(', ')}`);
  if (!Array.isArray(recipe.aggregations) || recipe.aggregations.length === 0) {
    refuse('aggregations must be a non-empty list');
  }
  const unknown = recipe.aggregations.filter((a) => !AGGREGATIONS.includes(a));
  if (unknown.length > 0) {
    refuse(`unknown aggregations: ${unknown.join(', ')} (known: ${AGGREGATIONS.join(', ')})`);
  }
  const dupAggs = duplicates(recipe.aggregations);
  if (dupAggs.length > 0) refuse(`duplicate aggregations: ${dupAggs.join(', ')}`);
  if (!Number.isFinite(recipe.windowMs) || recipe.windowMs <= 0) refuse(`windowMs must be positive, got ${recipe.windowMs}`);
  if (!Number.isFinite(recipe.stepMs) || recipe.stepMs <= 0) refuse(`stepMs must be positive, got ${recipe.stepMs}`);
  if (!(recipe.minCoverage >= 0 && recipe.minCoverage <= 1)) {
    refuse(`minCoverage must be a fraction between 0 and 1, got ${recipe.minCoverage}`);
  }
}
