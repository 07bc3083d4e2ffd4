export * from './test-services';
export * from './isolation';
export * from './wait';
export * from './processes';
