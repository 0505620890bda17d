import { closestName, editDistance, unknownSignalErrors } from './manifest-signals.util';

const CATALOG = ['vibration_rms', 'bearing_temp', 'winding_temp', 'motor_current', 'power', 'speed', 'pressure', 'flow', 'cmapss_s1', 'cmapss_s11'];

describe('unknownSignalErrors', () => {
  it('passes signals the catalog knows', () => {
    expect(unknownSignalErrors(['vibration_rms', 'bearing_temp'], CATALOG)).toEqual([]);
  });

  it('names each unknown signal by its index, with a near match and the catalog', () => {
    const errors = unknownSignalErrors(['vibration_rms', 'bearing_tmp', 'oil_viscosity'], CATALOG);
    expect(errors.map((e) => e.field)).toEqual(['signals[1]', 'signals[2]']);
    expect(errors[0].message).toBe(
      'unknown signal "bearing_tmp" — did you mean bearing_temp? (the signal catalog has: vibration_rms, bearing_temp, winding_temp, motor_current, ' +
        'power, speed, pressure, flow, cmapss_s1, cmapss_s11; an admin adds signals with POST /api/signals)',
    );
    expect(errors[1].message).toMatch(/^unknown signal "oil_viscosity" \(the signal catalog has: vibration_rms, /);
  });
});

describe('closestName', () => {
  it.each([
    ['bearing_tmp', 'bearing_temp'], // a letter left out
    ['Bearing_Temp', 'bearing_temp'], // case
    ['baering_temp', 'bearing_temp'], // two letters swapped
    ['vibration', 'vibration_rms'], // a suffix left out (4 edits; a third of 13 letters is 4)
    ['cmapss_s12', 'cmapss_s1'], // ties go to the earlier candidate: s1 and s11 are both one edit away
    ['presure', 'pressure'],
  ])('%s → %s', (name, expected) => {
    expect(closestName(name, CATALOG)).toBe(expected);
  });

  it('offers nothing when no candidate is near', () => {
    expect(closestName('oil_viscosity', CATALOG)).toBeUndefined();
    expect(closestName('rpm', CATALOG)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3], // the textbook Levenshtein example
    ['ab', 'ba', 1], // an adjacent swap is one edit
    ['ca', 'abc', 3], // optimal string alignment (true Damerau would give 2)
  ])('%s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
