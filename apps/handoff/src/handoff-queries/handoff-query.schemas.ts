import { QueryError } from '@flowguard/messaging';
import type { z } from 'zod';

/**
 * Request payloads of the handoff service's queries (the gateway maps HTTP onto them). The
 * schemas live in @flowguard/contracts (api/service-queries.ts), where the gateway builds its
 * requests with them.
 */
export {
  HANDOFF_REQUEST_KEY_MAX as REQUEST_KEY_MAX,
  ExecutionGetQuery as ExecutionGetRequest,
  ExecutionListQuery as ExecutionListRequest,
  ExecutionUpdateQuery as ExecutionUpdateRequest,
  ExportQuery as ExportRequest,
  HandoffGenerateQuery as HandoffGenerateRequest,
  HandoffGetQuery as HandoffGetRequest,
  HandoffListQuery as HandoffListRequest,
  HandoffRenderQuery as HandoffRenderRequest,
  HandoffTemplateCreateQuery as TemplateCreateRequest,
  HandoffTemplateGetQuery as TemplateGetRequest,
  HandoffTemplateListQuery as TemplateListRequest,
  HandoffTemplateSource as TemplateSource,
  HandoffTemplateUpdateQuery as TemplateUpdateRequest,
} from '@flowguard/contracts';

/** Parses a query payload; a bad one is refused naming the fields. */
export function parseRequest<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new QueryError(
      'invalid_request',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}
