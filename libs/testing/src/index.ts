export * from './test-services';
export * from './isolation';
export * from './wait';
export * from './processes';
export * from './fake-openai.server';
export * from './event-probe';
export * from './sse-client';
