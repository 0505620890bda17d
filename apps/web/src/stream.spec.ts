import { parseSse } from './stream';

describe('parseSse', () => {
  it('splits whole events, parses JSON data and keeps the unfinished rest', () => {
    const { events, rest } = parseSse('event: run-progress\ndata: {"runId":"r1","done":3}\n\n: keep-alive\n\ndata: plain\n\ndata: {"par');
    expect(events).toEqual([
      { event: 'run-progress', data: { runId: 'r1', done: 3 } },
      { event: 'message', data: 'plain' },
    ]);
    expect(rest).toBe('data: {"par');
  });
});
