import { intervalBar } from './interval-bar';

describe('intervalBar', () => {
  it('places the interval and the point on a 0–100 track', () => {
    const bar = intervalBar(0.6, 0.9, 0.8)!;
    expect(bar).toMatchObject({ left: 60, point: 80, mark: null, side: 'none' });
    expect(bar.width).toBeCloseTo(30);
  });

  it('says whether the whole interval clears the threshold', () => {
    expect(intervalBar(0.72, 0.95, 0.85, 0.7)?.side).toBe('above');
    expect(intervalBar(0.4, 0.65, 0.5, 0.7)?.side).toBe('below');
    expect(intervalBar(0.6, 0.8, 0.7, 0.7)?.side).toBe('straddles');
    expect(intervalBar(0.6, 0.8, 0.7, 0.7)?.mark).toBe(70);
  });

  it('clamps to the track, keeps a zero-width interval visible, and draws nothing without bounds', () => {
    const bar = intervalBar(1, 1, 1)!;
    expect(bar.left).toBe(100);
    expect(bar.width).toBe(0.5);
    expect(intervalBar(null, 0.5, 0.4)).toBeNull();
  });
});
