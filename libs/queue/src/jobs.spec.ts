import { jobId, JobName } from './jobs';
import { redisOptions } from './redis.util';

describe('jobId', () => {
  it('is the same for the same run and machine', () => {
    expect(jobId(JobName.EvaluateMachine, 'r1', 'm1')).toBe(jobId(JobName.EvaluateMachine, 'r1', 'm1'));
    expect(jobId(JobName.EvaluateMachine, 'r1', 'm1')).not.toBe(jobId(JobName.EvaluateMachine, 'r1', 'm2'));
  });

  it('refuses ":" which BullMQ forbids in custom ids', () => {
    expect(() => jobId(JobName.AggregateRun, 'a:b')).toThrow('must not contain ":"');
  });
});

describe('redisOptions', () => {
  it('reads host, port, password and db from the URL', () => {
    expect(redisOptions('redis://:s%40cret@10.0.0.5:6380/3')).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      password: 's@cret',
      db: 3,
      maxRetriesPerRequest: null,
    });
  });
});
