import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A schema published under `#/components/schemas/<name>`. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

export const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

export interface ApiResponseSpec {
  description: string;
  /** The body; omitted for an empty response. */
  body?: NamedSchema;
  /** Defaults to application/json (application/problem+json for ProblemDetails). */
  contentType?: string;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
}

/**
 * One documented route. `path` is written as the controller registers it (`/v1/workflows/:id`);
 * the schemas are the zod contracts the handler validates with, so the document cannot drift.
 */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** API key required (ApiKeyGuard): adds the security requirement, 401 and 429. Default true. */
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: NamedSchema;
  /** Route-specific responses; 400 (when it takes input), 401, 429 and 500 are added. */
  responses: Record<number, ApiResponseSpec>;
}
