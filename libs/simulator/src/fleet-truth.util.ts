import { DOMAIN_MAX_MEAN_SHIFT_SIGMAS, DOMAIN_SIGMA_RATIO_RANGE } from './healthy-params.util';
import { CANONICAL_SIGNALS, type CanonicalSignal } from './signal-catalog.util';
import { PLANTED_KINDS } from './fleet-plan.util';
import type { FleetPlan, FleetTruth, MachineTruth, PlantedKind } from './simulator.types';

export const DOMAIN_RULE =
  `explanation, not the grade: in domain ⇔ for every canonical signal: the machine reports it, |healthy mean − pilot mean| ≤ ` +
  `${DOMAIN_MAX_MEAN_SHIFT_SIGMAS} pilot σ and ${DOMAIN_SIGMA_RATIO_RANGE[0]} ≤ σ / pilot σ ≤ ${DOMAIN_SIGMA_RATIO_RANGE[1]}`;

/**
 * The same rule restricted to the signals a given model reads — to explain a model's verdicts
 * when it does not use all eight signals (an explanation, like `inDomain`, not the grade).
 */
export function inDomainFor(machine: Pick<MachineTruth, 'domain'>, signals: readonly CanonicalSignal[]): boolean {
  return signals.every((s) => machine.domain[s].inDomain);
}

/**
 * The JSON written by `simulate --truth`: everything planted, in plan order, with fleet
 * totals. Requires exactly one truth per planned machine.
 */
export function fleetTruth(plan: FleetPlan, perMachineTruths: readonly MachineTruth[]): FleetTruth {
  const byId = new Map<string, MachineTruth>();
  for (const t of perMachineTruths) {
    if (byId.has(t.assetId)) throw new RangeError(`duplicate truth for machine ${t.assetId}`);
    byId.set(t.assetId, t);
  }
  const machines = plan.machines.map((m) => {
    const t = byId.get(m.assetId);
    if (!t) throw new RangeError(`no truth for machine ${m.assetId}`);
    return t;
  });
  if (byId.size !== machines.length) {
    const unknown = [...byId.keys()].filter((id) => !plan.machines.some((m) => m.assetId === id));
    throw new RangeError(`truth for machines not in the plan: ${unknown.join(', ')}`);
  }

  let presentSamples = 0;
  let missingSamples = 0;
  for (const m of machines) {
    for (const counts of Object.values(m.samples)) {
      presentSamples += counts.present;
      missingSamples += counts.missing;
    }
  }
  const inDomain = machines.filter((m) => m.inDomain).length;
  const failures = machines.reduce((sum, m) => sum + m.failures.length, 0);
  const labelledFailures = machines.reduce((sum, m) => sum + m.failures.filter((f) => f.labelled).length, 0);
  return {
    seed: plan.seed,
    days: plan.days,
    start: new Date(plan.startMs).toISOString(),
    end: new Date(plan.startMs + plan.days * 86_400_000).toISOString(),
    intervalMs: plan.intervalMs,
    samplesPerSignal: plan.samplesPerSignal,
    pilotAssetId: plan.pilotAssetId,
    labelShare: plan.labelShare,
    domainSignals: [...CANONICAL_SIGNALS],
    domainRule: DOMAIN_RULE,
    counts: {
      machines: machines.length,
      inDomain,
      outOfDomain: machines.length - inDomain,
      kinds: Object.fromEntries(PLANTED_KINDS.map((k) => [k, machines.filter((m) => m.kind === k).length])) as Record<PlantedKind, number>,
      failures,
      labelledFailures,
      withheldFailures: failures - labelledFailures,
      machinesWithFailures: machines.filter((m) => m.failures.length > 0).length,
      presentSamples,
      missingSamples,
    },
    machines,
  };
}
