/** Scope added and lost from run A to run B (asset ids, sorted). */
export function compareScopes(a: readonly string[], b: readonly string[]): { added: string[]; lost: string[]; kept: number } {
  const before = new Set(a);
  const after = new Set(b);
  return {
    added: [...after].filter((x) => !before.has(x)).sort(),
    lost: [...before].filter((x) => !after.has(x)).sort(),
    kept: [...after].filter((x) => before.has(x)).length,
  };
}

export interface DriftRow {
  feature: string;
  machines: number;
  medianPsi: number;
  maxPsi: number;
}

/** Per-feature drift across machines: median and max PSI, worst first. */
export function driftTable(perMachine: Array<Array<{ name: string; psi: number }>>): DriftRow[] {
  const by = new Map<string, number[]>();
  for (const features of perMachine) for (const f of features) if (Number.isFinite(f.psi)) by.set(f.name, [...(by.get(f.name) ?? []), f.psi]);
  return [...by.entries()]
    .map(([feature, psis]) => {
      const s = [...psis].sort((x, y) => x - y);
      const mid = Math.floor(s.length / 2);
      return { feature, machines: s.length, medianPsi: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, maxPsi: s[s.length - 1] };
    })
    .sort((x, y) => y.medianPsi - x.medianPsi || x.feature.localeCompare(y.feature));
}

export const VERDICT_COLOUR: Record<string, string> = {
  generalizes: '#2e9d5b',
  borderline: '#e0a800',
  degraded: '#d64545',
  'out-of-domain': '#8a63d2',
  'insufficient-data': '#9aa3ad',
  // A machine the version was trained on: listed, never evidence.
  training: '#3b7dd8',
  failed: '#1d2329',
};
