import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to embedded SQLite, local Redis and port 3000', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.dataDir.endsWith('data')).toBe(true);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT: expected an integer');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL/);
    expect(() => loadConfig({ FLEETGATE_QUEUE_PREFIX: 'a:b' })).toThrow(/FLEETGATE_QUEUE_PREFIX/);
  });
});
