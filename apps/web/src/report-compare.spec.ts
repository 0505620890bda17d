import { compareScopes, driftTable } from './report-compare';

describe('compareScopes', () => {
  it('lists the machines a second run adds to and drops from the validated scope', () => {
    expect(compareScopes(['A', 'B', 'C'], ['B', 'C', 'D', 'E'])).toEqual({ added: ['D', 'E'], lost: ['A'], kept: 2 });
  });
});

describe('driftTable', () => {
  it('takes the median and max PSI per feature across machines, worst first, ignoring non-finite values', () => {
    const rows = driftTable([
      [
        { name: 'vib_mean', psi: 0.1 },
        { name: 'temp_std', psi: 0.5 },
      ],
      [
        { name: 'vib_mean', psi: 0.3 },
        { name: 'temp_std', psi: NaN },
      ],
    ]);
    expect(rows).toEqual([
      { feature: 'temp_std', machines: 1, medianPsi: 0.5, maxPsi: 0.5 },
      { feature: 'vib_mean', machines: 2, medianPsi: 0.2, maxPsi: 0.3 },
    ]);
  });
});
