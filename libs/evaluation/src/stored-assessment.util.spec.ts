import { MachineAssessment } from './assess-machine.util';
import { decodeAssessment, encodeAssessment } from './stored-assessment.util';

function assessment(over: Partial<MachineAssessment> = {}): MachineAssessment {
  return {
    verdict: 'degraded',
    reasons: ['healthy-window alarm rate 0.3 is 30× the pilot'],
    coverage: { requiredSignals: ['a', 'b'], missingSignals: [], windowsTotal: 100, windowsUsable: 90, usableFraction: 0.9, healthyWindows: 80 },
    quality: [{ signal: 'a', present: true, gapFraction: 0.1, longestGapHours: 2 }],
    domain: [{ signal: 'a', levelShiftSigma: NaN, spreadRatio: 1.1 }],
    drift: {
      features: [{ name: 'a.mean', psi: 0.2, wassersteinSigma: Infinity, jensenShannon: 0.1, ks: 0.3 }],
      maxPsi: 0.2,
      medianPsi: 0.2,
      featuresOverPsiMajor: 0,
    },
    output: { psi: NaN, healthyAlarmRate: 0.3, alarmRate: 0.35, pilotAlarmRate: 0, alarmRateRatio: 30, medianScore: -Infinity },
    performance: { failures: 2, detected: 1, recall: 0.5, precision: NaN, falseAlarmsPer1000h: 3, medianLeadTimeHours: 40, auroc: 0.8 },
    ...over,
  };
}

describe('encodeAssessment / decodeAssessment', () => {
  it('stores NaN as null and ±Infinity as strings, in canonical key order', () => {
    const text = encodeAssessment(assessment());
    expect(text).toContain('"levelShiftSigma":null');
    expect(text).toContain('"wassersteinSigma":"Infinity"');
    expect(text).toContain('"medianScore":"-Infinity"');
    expect(text.indexOf('"coverage"')).toBeLessThan(text.indexOf('"verdict"'));
  });

  it('gives back the assessment it stored, non-finite numbers included', () => {
    const a = assessment();
    const back = decodeAssessment(encodeAssessment(a));
    expect(back).toEqual(a);
    expect(back.domain[0].levelShiftSigma).toBeNaN();
    expect(back.drift.features[0].wassersteinSigma).toBe(Infinity);
  });

  it('keeps a machine without labelled failures at performance null, not NaN', () => {
    const back = decodeAssessment(encodeAssessment(assessment({ performance: null })));
    expect(back.performance).toBeNull();
  });
});
