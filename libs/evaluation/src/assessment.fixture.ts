import { MachineAssessment } from './assess-machine.util';
import { Verdict } from './verdict.util';

/** A plain assessment with the given verdict (and labelled failures), for the report specs. */
export function testAssessment(verdict: Verdict, perf?: { failures: number; detected: number }): MachineAssessment {
  return {
    verdict,
    reasons: [verdict === 'generalizes' ? 'ok' : `because ${verdict}`],
    coverage: { requiredSignals: [], missingSignals: [], windowsTotal: 10, windowsUsable: 10, usableFraction: 1, healthyWindows: 10 },
    quality: [],
    domain: [],
    drift: { features: [], maxPsi: 0.1, medianPsi: 0.05, featuresOverPsiMajor: 0 },
    output: { psi: 0, healthyAlarmRate: 0.01, alarmRate: 0.01, pilotAlarmRate: 0.01, alarmRateRatio: 1, medianScore: 0 },
    performance: perf ? { ...perf, recall: perf.detected / perf.failures, precision: 1, falseAlarmsPer1000h: 0, medianLeadTimeHours: 5, auroc: 0.9 } : null,
  };
}
