import { ConfigError, loadConfig, serviceConfigSchema } from './platform-config';

describe('service configuration', () => {
  it('defaults to the local services with no environment at all', () => {
    const config = loadConfig(serviceConfigSchema(3101), {});
    expect(config).toMatchObject({
      PORT: 3101,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flowguard',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NATS_URL: 'nats://127.0.0.1:4222',
      FG_NATS_PREFIX: 'fg',
      EVENT_MAX_DELIVER: 5,
    });
  });

  it('coerces numbers from strings', () => {
    expect(loadConfig(serviceConfigSchema(1), { PORT: '8080', EVENT_CONCURRENCY: '4' })).toMatchObject({
      PORT: 8080,
      EVENT_CONCURRENCY: 4,
    });
  });

  it('names every bad variable in one error', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(serviceConfigSchema(1), { PORT: '0', DATABASE_URL: 'nope', FG_NATS_PREFIX: 'Bad.Prefix' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.issues.map((i) => i.field).sort()).toEqual(['DATABASE_URL', 'FG_NATS_PREFIX', 'PORT']);
  });
});
