import { routeLabel } from './route-label.util';

describe('routeLabel', () => {
  it('is the matched template, not the concrete path', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/evaluations/:id' } })).toBe('/api/evaluations/:id');
  });

  it('joins a mounted router to its route', () => {
    expect(routeLabel({ baseUrl: '/api/admin/queues', route: { path: '/api/queues/:queueName' } })).toBe('/api/admin/queues/api/queues/:queueName');
    expect(routeLabel({ baseUrl: '/api/admin/queues', route: { path: '/' } })).toBe('/api/admin/queues');
  });

  it('keeps ids out when nothing matched', () => {
    expect(routeLabel({ baseUrl: '' })).toBe('unmatched');
    expect(routeLabel({ baseUrl: '/api/admin/queues' })).toBe('/api/admin/queues/*');
    expect(routeLabel({ route: { path: /^\/x\/\d+$/ } })).toBe('(regex)');
  });
});
