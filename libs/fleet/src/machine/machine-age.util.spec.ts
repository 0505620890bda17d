import { DAY_MS } from '@fleetgate/common';
import { ageInYears, commissioningBounds, isCalendarDate, YEAR_MS } from './machine-age.util';

describe('machine age', () => {
  it('counts Julian years from midnight UTC of the commissioning date', () => {
    // 2016-01-01 → 2026-01-01 is 3653 days (three leap days: 2016, 2020, 2024) = 10.0014 Julian years.
    expect(ageInYears('2016-01-01', Date.UTC(2026, 0, 1))).toBeCloseTo(3653 / 365.25, 12);
    expect(ageInYears('2026-01-01', Date.UTC(2026, 0, 1))).toBe(0);
    expect(YEAR_MS).toBe(31_557_600_000);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-9')).toBe(false);
    expect(isCalendarDate('2024-02-29T00:00:00Z')).toBe(false);
  });

  it('turns an age range into inclusive commissioning-date bounds that agree with ageInYears', () => {
    const at = Date.UTC(2026, 10, 25, 15, 30);
    const { from, to } = commissioningBounds(at, 5, 10);
    // Brute force over every day of 30 years: a date is inside the bounds exactly when its age is in [5, 10].
    for (let ms = Date.UTC(2000, 0, 1); ms <= Date.UTC(2026, 0, 1); ms += DAY_MS) {
      const d = new Date(ms).toISOString().slice(0, 10);
      const age = ageInYears(d, at);
      expect([d, d >= from! && d <= to!]).toEqual([d, age >= 5 && age <= 10]);
    }
    expect(commissioningBounds(at)).toEqual({});
  });
});
