import type { DeploymentListItem } from '@fleetgate/gate';
import { deliveriesText, deploymentsText, webhooksText } from './deployments-format.util';

const row = (over: Partial<DeploymentListItem>): DeploymentListItem => ({
  id: 'd1',
  assetId: 'PLT1-P200-0001',
  site: 'PLT1',
  model: 'pump',
  version: 2,
  stage: 'production',
  since: '2026-06-01T00:00:00.000Z',
  suspended: false,
  suspensionKind: null,
  suspendedReason: null,
  suspendedAt: null,
  guardRule: null,
  guardValue: null,
  guardLimit: null,
  fallbackDeploymentId: null,
  ...over,
});

describe('deployments and webhooks CLI formats', () => {
  it('deployments: one row per deployment; a guard demotion shows its kind, rule, value, limit and reason', () => {
    const text = deploymentsText([
      row({}),
      row({
        id: 'd2',
        assetId: 'PLT1-P200-0002',
        suspended: true,
        suspensionKind: 'guard',
        suspendedReason: 'alarm rate above the guard',
        suspendedAt: '2026-06-02T00:00:00.000Z',
        guardRule: 'alarm-rate',
        guardValue: 12,
        guardLimit: 3,
      }),
      row({ id: 'd3', assetId: 'PLT1-P200-0003', stage: 'staging', suspended: true, suspensionKind: 'silence', suspendedReason: 'no usable data' }),
    ]);
    const lines = text.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['MACHINE', 'MODEL@VERSION', 'STAGE', 'SUSPENDED', 'ID']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['PLT1-P200-0001', 'pump@2', 'production', 'no', 'd1']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['PLT1-P200-0002', 'pump@2', 'production', 'yes (guard alarm-rate 12 > 3): alarm rate above the guard', 'd2']);
    expect(lines[3].split(/\s{2,}/)).toEqual(['PLT1-P200-0003', 'pump@2', 'staging', 'yes (silence): no usable data', 'd3']);
  });

  it('empty lists say so', () => {
    expect(deploymentsText([])).toBe('no deployments');
    expect(webhooksText([])).toBe('no webhooks');
    expect(deliveriesText([])).toBe('no deliveries yet');
  });

  it('webhooks: id, url, events, status (with why it paused) and outbox counts; no secret column', () => {
    const text = webhooksText([
      {
        id: 'w1',
        url: 'https://hooks.example.com/fleet',
        events: ['deployment.demoted', 'deployment.reinstated'],
        status: 'paused',
        pausedReason: 'HTTP 500 after 8 attempts',
        pausedAt: '2026-06-01T00:00:00.000Z',
        pendingEvents: 3,
        deliveredEvents: 10,
        createdBy: 'admin',
        createdAt: '2026-06-01T00:00:00.000Z',
      },
    ]);
    const lines = text.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['ID', 'URL', 'EVENTS', 'STATUS', 'PENDING', 'DELIVERED']);
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'w1',
      'https://hooks.example.com/fleet',
      'deployment.demoted,deployment.reinstated',
      'paused: HTTP 500 after 8 attempts',
      '3',
      '10',
    ]);
    expect(text.toLowerCase()).not.toContain('secret');
  });

  it('deliveries: one row per attempt with outcome, HTTP status and error', () => {
    const text = deliveriesText([
      {
        eventId: 'e1',
        seq: 1,
        type: 'deployment.demoted',
        attempt: 2,
        outcome: 'failed',
        httpStatus: 503,
        error: 'HTTP 503',
        durationMs: 12,
        attemptedAt: '2026-06-01T00:00:01.000Z',
      },
      {
        eventId: 'e1',
        seq: 1,
        type: 'deployment.demoted',
        attempt: 3,
        outcome: 'delivered',
        httpStatus: 200,
        error: null,
        durationMs: 8,
        attemptedAt: '2026-06-01T00:00:05.000Z',
      },
    ]);
    const lines = text.split('\n');
    expect(lines[1].split(/\s{2,}/)).toEqual(['2026-06-01T00:00:01.000Z', '1', 'deployment.demoted', '2', 'failed', '503', '12', 'HTTP 503']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['2026-06-01T00:00:05.000Z', '1', 'deployment.demoted', '3', 'delivered', '200', '8']);
  });
});
