import { Id, TicketKind } from '@flowguard/contracts';
import {
  BUILTIN_TEMPLATES,
  builtinTemplate,
  TicketTemplateSchema,
  type TemplateKind,
  type TicketTemplate,
} from './ticket-template';

/** A refused registration; `issues` are one human-readable line each, suitable for problem+json. */
export class TicketTemplateError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid ticket template: ${issues.join('; ')}`);
    this.name = 'TicketTemplateError';
  }
}

const copy = (t: TicketTemplate): TicketTemplate => ({
  ...t,
  requiredSections: [...t.requiredSections],
  extraCriteria: [...t.extraCriteria],
});

/**
 * Built-in templates plus the ones each tenant registers. A tenant has at most one template
 * per kind, so "which template applies" never depends on registration order; to change it the
 * tenant unregisters the old one first. Everything handed out is a copy: a caller editing a
 * template cannot change what another tenant (or the next call) sees.
 *
 * In-memory by design: the service owning persistence loads the tenant's rows and registers
 * them; this class only holds the rules.
 */
export class TicketTemplateRegistry {
  private readonly byTenant = new Map<string, TicketTemplate[]>();

  /** Validates and stores a tenant template; throws TicketTemplateError listing every problem. */
  register(tenantId: string, input: unknown): TicketTemplate {
    const tenant = Id.safeParse(tenantId);
    if (!tenant.success) throw new TicketTemplateError([`tenantId must be a UUID, got ${JSON.stringify(tenantId)}`]);
    const parsed = TicketTemplateSchema.safeParse(input);
    if (!parsed.success) {
      throw new TicketTemplateError(
        parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)),
      );
    }
    const template = parsed.data;
    const own = this.byTenant.get(tenant.data) ?? [];
    const issues: string[] = [];
    if (BUILTIN_TEMPLATES.some((b) => b.id === template.id)) {
      issues.push(`id: "${template.id}" is a built-in template id; choose another`);
    } else if (own.some((t) => t.id === template.id)) {
      issues.push(`id: "${template.id}" is already registered for this tenant`);
    }
    const sameKind = own.find((t) => t.kind === template.kind);
    if (sameKind && sameKind.id !== template.id) {
      issues.push(
        `kind: this tenant already has template "${sameKind.id}" for kind "${template.kind}"; unregister it first`,
      );
    }
    if (issues.length > 0) throw new TicketTemplateError(issues);
    this.byTenant.set(tenant.data, [...own, template]);
    return copy(template);
  }

  /** Removes a tenant template; returns whether it existed. Built-ins cannot be removed. */
  unregister(tenantId: string, templateId: string): boolean {
    const own = this.byTenant.get(tenantId) ?? [];
    const rest = own.filter((t) => t.id !== templateId);
    this.byTenant.set(tenantId, rest);
    return rest.length !== own.length;
  }

  /** The tenant's template for a kind if it registered one, else the built-in. */
  forKind(tenantId: string, kind: TemplateKind): TicketTemplate {
    const own = this.byTenant.get(tenantId)?.find((t) => t.kind === kind);
    return copy(own ?? builtinTemplate(kind));
  }

  /** The template in force for each kind, in the contract's kind order. */
  list(tenantId: string): TicketTemplate[] {
    return TicketKind.options.map((kind) => this.forKind(tenantId, kind));
  }
}
