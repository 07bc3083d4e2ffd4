import type { INestApplication } from '@nestjs/common';
import express from 'express';
import type { Server } from 'node:http';
import type { GatewayConfig } from '../config';
import { answerClientError } from './request-errors';

/**
 * HTTP set-up shared by main.ts and the tests: our own body limit (413 problem+json), and
 * problem+json for requests Node's parser refuses before Express sees them.
 */
export function configureHttp(app: INestApplication, config: Pick<GatewayConfig, 'GATEWAY_BODY_LIMIT'>): void {
  app.use(express.json({ limit: config.GATEWAY_BODY_LIMIT }));
  (app.getHttpServer() as Server).on('clientError', answerClientError);
}
