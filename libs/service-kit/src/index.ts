export * from './bootstrap';
export * from './health.controller';
export * from './platform.module';
export * from './workflow-control.entity';
export * from './workflow-control';
