import type { LiveStatus } from '@fleetgate/telemetry';
import { ago, ingestStatusText } from './ingest-format.util';

const AT = '2026-06-01T12:00:00.000Z';

function status(over: Partial<LiveStatus> = {}): LiveStatus {
  return {
    at: AT,
    rates: { windowMinutes: 5, messagesPerMinute: 12, samplesPerMinute: 5760, deadLetteredPerMinute: 0.4 },
    minutes: [],
    machines: [],
    deadLetters: { messages: 0, byReason: [], recent: [] },
    ...over,
  };
}

describe('ingest status text', () => {
  it('says how long ago, in the largest sensible unit', () => {
    const now = Date.parse(AT);
    expect(ago('2026-06-01T11:59:18.000Z', now)).toBe('42 s ago');
    expect(ago('2026-06-01T11:53:00.000Z', now)).toBe('7 min ago');
    expect(ago('2026-06-01T09:00:00.000Z', now)).toBe('3 h ago');
    expect(ago('2026-05-28T12:00:00.000Z', now)).toBe('4 d ago');
  });

  it('prints the rates and says when nothing arrived yet', () => {
    expect(ingestStatusText(status())).toBe(
      [
        'live ingest at 2026-06-01T12:00:00.000Z — last 5 min: 12 messages/min, 5760 samples/min, 0.4 dead-lettered/min',
        'no machine has sent a live message yet',
        'no dead letters',
      ].join('\n'),
    );
  });

  it('lists machines the longest silent first, and dead letters by reason with the newest', () => {
    const text = ingestStatusText(
      status({
        machines: [
          { machineId: 'm1', assetId: 'PLT1-P200-0001', lastMessageAt: '2026-06-01T11:59:50.000Z', lastSampleAt: '2026-06-01T11:59:00.000Z', messages: 40 },
          { machineId: 'm2', assetId: 'PLT1-P200-0002', lastMessageAt: '2026-06-01T11:00:00.000Z', lastSampleAt: null, messages: 1 },
        ],
        deadLetters: {
          messages: 3,
          byReason: [{ kind: 'unmapped-tag', messages: 3, samples: 180, lastAt: '2026-06-01T11:59:00.000Z' }],
          recent: [
            {
              receivedAt: '2026-06-01T11:59:00.000Z',
              topic: 'fleetgate/telemetry/PLT1-P200-0001',
              assetId: 'PLT1-P200-0001',
              kind: 'unmapped-tag',
              tag: 'X1',
              detail: 'unmapped tag "X1"',
              samples: 60,
              payloadPreview: '{}',
              payloadBytes: 2,
              truncated: false,
            },
          ],
        },
      }),
    ).split('\n');
    expect(lines(text, 1, 3)).toEqual([
      '2 machine(s), the longest silent first:',
      '  PLT1-P200-0002  last message 60 min ago  newest sample —  1 message(s)',
      '  PLT1-P200-0001  last message 10 s ago  newest sample 2026-06-01T11:59:00.000Z  40 message(s)',
    ]);
    expect(lines(text, 4, 7)).toEqual([
      'dead letters: 3 message(s)',
      '  unmapped-tag     3 message(s), 180 value(s), last 60 s ago',
      'newest:',
      '  2026-06-01T11:59:00.000Z  PLT1-P200-0001  unmapped-tag [X1]: unmapped tag "X1"',
    ]);
  });
});

function lines(all: string[], from: number, to: number): string[] {
  return all.slice(from, to + 1);
}
