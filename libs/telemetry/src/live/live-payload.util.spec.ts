import {
  assetOfTopic,
  DEAD_LETTER_PAYLOAD_BYTES,
  MAX_PAYLOAD_BYTES,
  parseLivePayload,
  parseLiveTimestamp,
  ParsedPayload,
  truncatePayload,
} from './live-payload.util';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const T0 = Date.UTC(2026, 5, 1, 11, 0, 0);

function ok(payload: unknown, now = NOW): ParsedPayload {
  const r = parseLivePayload(typeof payload === 'string' ? payload : JSON.stringify(payload), now);
  if ('fatal' in r) throw new Error(`unexpected fatal: ${r.fatal.detail}`);
  return r;
}

function fatal(payload: string | Buffer): { kind: string; detail: string } {
  const r = parseLivePayload(payload, NOW);
  if (!('fatal' in r)) throw new Error('expected a fatal reason');
  return r.fatal;
}

describe('assetOfTopic', () => {
  it('takes the one level after the prefix, nothing else', () => {
    expect(assetOfTopic('fleetgate/telemetry/PLT1-P200-0001', 'fleetgate/telemetry')).toBe('PLT1-P200-0001');
    expect(assetOfTopic('fleetgate/telemetry/', 'fleetgate/telemetry')).toBeNull();
    expect(assetOfTopic('fleetgate/telemetry/a/b', 'fleetgate/telemetry')).toBeNull();
    expect(assetOfTopic('fleetgate/telemetryX/a', 'fleetgate/telemetry')).toBeNull();
    expect(assetOfTopic('other/a', 'fleetgate/telemetry')).toBeNull();
  });
});

describe('parseLiveTimestamp', () => {
  it('reads ISO-8601 (no zone = UTC) and epoch ms as number or digits', () => {
    expect(parseLiveTimestamp('2026-06-01T11:00:00Z')).toBe(T0);
    expect(parseLiveTimestamp('2026-06-01T11:00:00')).toBe(T0);
    expect(parseLiveTimestamp('2026-06-01T13:00:00+02:00')).toBe(T0);
    expect(parseLiveTimestamp(T0)).toBe(T0);
    expect(parseLiveTimestamp(String(T0))).toBe(T0);
  });

  it('refuses epoch seconds, fractions, years past 2100, and non-times', () => {
    expect(parseLiveTimestamp(T0 / 1000)).toBeNull();
    expect(parseLiveTimestamp(T0 + 0.5)).toBeNull();
    expect(parseLiveTimestamp(Date.UTC(2100, 0, 2))).toBeNull();
    for (const bad of ['noon', '', null, undefined, true, {}, [T0]]) expect(parseLiveTimestamp(bad)).toBeNull();
  });
});

describe('parseLivePayload', () => {
  it('reads one sample {ts, values}: numbers kept per tag, null is missing and claims nothing', () => {
    const r = ok({ ts: '2026-06-01T11:00:00Z', values: { vib1: 2.5, brg_t: 61, rpm: null } });
    expect(r.samples).toBe(2);
    expect(r.reasons).toEqual([]);
    expect(r.tags.get('vib1')).toEqual({ times: [T0], values: [2.5] });
    expect(r.tags.get('brg_t')).toEqual({ times: [T0], values: [61] });
    expect(r.tags.has('rpm')).toBe(false);
  });

  it('reads a batch {samples: [...]}, times per tag in payload order', () => {
    const r = ok({
      samples: [
        { ts: T0, values: { vib1: 1, rpm: 1450 } },
        { ts: T0 + 60_000, values: { vib1: 2 } },
        { ts: '2026-06-01T11:02:00Z', values: { vib1: 3, rpm: 1451 } },
      ],
    });
    expect(r.samples).toBe(5);
    expect(r.tags.get('vib1')).toEqual({ times: [T0, T0 + 60_000, T0 + 120_000], values: [1, 2, 3] });
    expect(r.tags.get('rpm')).toEqual({ times: [T0, T0 + 120_000], values: [1450, 1451] });
  });

  it('refuses non-numeric values per tag, grouped with a count and the first example, keeping the good ones', () => {
    const r = ok({
      samples: [
        { ts: T0, values: { vib1: 'high', rpm: 1450 } },
        { ts: T0 + 60_000, values: { vib1: true, rpm: 1451 } },
        { ts: T0 + 120_000, values: { vib1: 3, rpm: '1452' } },
      ],
    });
    expect(r.samples).toBe(6);
    expect(r.tags.get('vib1')).toEqual({ times: [T0 + 120_000], values: [3] });
    expect(r.tags.get('rpm')).toEqual({ times: [T0, T0 + 60_000], values: [1450, 1451] });
    expect(r.reasons).toEqual([
      { kind: 'non-numeric', tag: 'vib1', detail: 'non-numeric value "high" for "vib1" at 2026-06-01T11:00:00.000Z', samples: 2 },
      { kind: 'non-numeric', tag: 'rpm', detail: 'non-numeric value "1452" for "rpm" at 2026-06-01T11:02:00.000Z', samples: 1 },
    ]);
  });

  it('refuses a bad timestamp and one more than 5 minutes ahead of the clock, with all of that sample’s values', () => {
    const r = ok({
      samples: [
        { ts: 'noon', values: { vib1: 1, rpm: 2 } },
        { ts: NOW + 5 * 60_000, values: { vib1: 3 } },
        { ts: NOW + 5 * 60_000 + 1, values: { vib1: 4, rpm: 5 } },
      ],
    });
    expect(r.tags.get('vib1')).toEqual({ times: [NOW + 5 * 60_000], values: [3] });
    expect(r.reasons).toEqual([
      { kind: 'bad-timestamp', tag: '', detail: 'samples[0]: bad timestamp "noon" (ISO-8601 or epoch ms)', samples: 2 },
      { kind: 'future-timestamp', tag: '', detail: expect.stringContaining('2026-06-01T12:05:00.001Z is 300 s ahead'), samples: 2 },
    ]);
  });

  it('refuses samples that are not {ts, values} objects without losing the good ones', () => {
    const r = ok({ samples: [42, { ts: T0 }, { ts: T0, values: [1] }, { ts: T0, values: { vib1: 1 } }] });
    expect(r.tags.get('vib1')).toEqual({ times: [T0], values: [1] });
    // one reason per kind and tag: the first example stands for the three bad samples
    expect(r.reasons).toEqual([{ kind: 'bad-payload', tag: '', detail: 'samples[0] is not an object {"ts", "values"}', samples: 0 }]);
  });

  it('refuses the whole message when it is not JSON, not an object, has no samples, or is too large', () => {
    expect(fatal('{"ts": 1').kind).toBe('not-json');
    expect(fatal(Buffer.from([0xff, 0x00, 0x12])).kind).toBe('not-json');
    expect(fatal('[1,2]')).toMatchObject({ kind: 'bad-payload', detail: expect.stringContaining('expected an object') });
    expect(fatal('42').kind).toBe('bad-payload');
    expect(fatal('{"samples": {}}').detail).toContain('"samples" must be an array');
    expect(fatal('{"samples": []}').detail).toBe('no samples');
    expect(fatal('{"temperature": 3}').detail).toContain('found keys ["temperature"]');
    expect(fatal(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20)).kind).toBe('too-large');
  });
});

describe('truncatePayload', () => {
  it('keeps a small payload whole', () => {
    expect(truncatePayload('{"a":1}')).toEqual({ text: '{"a":1}', bytes: 7, truncated: false });
  });

  it('cuts at the limit on a character boundary and marks it', () => {
    const text = 'é'.repeat(DEAD_LETTER_PAYLOAD_BYTES); // 2 bytes each
    const r = truncatePayload(text);
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(2 * DEAD_LETTER_PAYLOAD_BYTES);
    expect(Buffer.byteLength(r.text)).toBe(DEAD_LETTER_PAYLOAD_BYTES);
    expect(r.text).toBe('é'.repeat(DEAD_LETTER_PAYLOAD_BYTES / 2));
    // an odd limit falls inside a character: the partial one is dropped
    expect(truncatePayload('éé', 3)).toEqual({ text: 'é', bytes: 4, truncated: true });
  });

  it('replaces NUL (which PostgreSQL text refuses) and invalid bytes', () => {
    expect(truncatePayload(Buffer.from([0x61, 0x00, 0xff, 0x62])).text).toBe('a\ufffd\ufffdb');
  });
});
