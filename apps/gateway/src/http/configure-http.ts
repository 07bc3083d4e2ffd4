import type { INestApplication } from '@nestjs/common';
import express from 'express';
import type { GatewayConfig } from '../config';

/** HTTP set-up shared by main.ts and the tests: our own body limit (413 problem+json). */
export function configureHttp(app: INestApplication, config: Pick<GatewayConfig, 'GATEWAY_BODY_LIMIT'>): void {
  app.use(express.json({ limit: config.GATEWAY_BODY_LIMIT }));
}
