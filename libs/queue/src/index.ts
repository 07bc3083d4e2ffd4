export * from './queue-policy';
export * from './queue-factory';
export * from './redis.health';
export * from './queue.module';
