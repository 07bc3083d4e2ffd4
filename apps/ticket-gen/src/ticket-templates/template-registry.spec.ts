import { TicketKind } from '@flowguard/contracts';
import { TicketTemplateError, TicketTemplateRegistry } from './template-registry';
import { BUILTIN_TEMPLATES, builtinTemplate } from './ticket-template';

const ACME = '7b3c8f7e-1d0a-4e9b-8c7d-6a5b4c3d2e1f';
const GLOBEX = '8c4d9a8f-2e1b-4f0c-9d8e-7b6c5d4e3f2a';

const acmeBugfix = {
  id: 'acme-bugfix',
  kind: 'bugfix',
  name: 'ACME bug report',
  requiredSections: ['description', 'acceptanceCriteria', 'reproductionSteps', 'expectedBehaviour'],
  descriptionPrefix: 'Customer-reported:',
  extraCriteria: ['Notify support when the fix ships'],
};

/** The issues of a refused registration, or a failure if it was accepted. */
function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TicketTemplateError);
    return (e as TicketTemplateError).issues;
  }
  throw new Error('expected the registration to be refused');
}

describe('TicketTemplateRegistry', () => {
  it('serves the built-ins, one per kind, when a tenant registered nothing', () => {
    const registry = new TicketTemplateRegistry();
    expect(registry.list(ACME)).toEqual([...BUILTIN_TEMPLATES]);
    for (const kind of TicketKind.options) expect(registry.forKind(ACME, kind)).toEqual(builtinTemplate(kind));
  });

  it('applies a tenant override to that tenant only', () => {
    const registry = new TicketTemplateRegistry();
    registry.register(ACME, acmeBugfix);
    expect(registry.forKind(ACME, 'bugfix')).toEqual(acmeBugfix);
    expect(registry.forKind(ACME, 'feature')).toEqual(builtinTemplate('feature'));
    expect(registry.forKind(GLOBEX, 'bugfix')).toEqual(builtinTemplate('bugfix'));
    expect(registry.list(ACME).map((t) => t.id)).toEqual([
      'builtin-feature',
      'acme-bugfix',
      'builtin-refactor',
      'builtin-test',
      'builtin-documentation',
    ]);
  });

  it('hands out copies: editing one does not change the registry', () => {
    const registry = new TicketTemplateRegistry();
    registry.forKind(ACME, 'bugfix').extraCriteria.push('Sneaky');
    registry.register(ACME, acmeBugfix).extraCriteria.push('Sneaky');
    expect(registry.forKind(GLOBEX, 'bugfix')).toEqual(builtinTemplate('bugfix'));
    expect(registry.forKind(ACME, 'bugfix').extraCriteria).toEqual(['Notify support when the fix ships']);
  });

  it('refuses unknown sections, naming the value and the known ones', () => {
    const issues = refusal(() =>
      new TicketTemplateRegistry().register(ACME, { ...acmeBugfix, requiredSections: ['description', 'screenshots'] }),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^requiredSections\.1: unknown section "screenshots"; known sections: description, /),
    ]);
  });

  it('refuses empty names, unknown kinds and several problems at once', () => {
    const issues = refusal(() =>
      new TicketTemplateRegistry().register(ACME, { ...acmeBugfix, name: '   ', kind: 'epic' }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'name: name must not be empty',
        expect.stringMatching(/^kind: unknown kind "epic"; known kinds: feature, bugfix/),
      ]),
    );
  });

  it('refuses duplicate ids: a built-in id, or one the tenant already registered', () => {
    const registry = new TicketTemplateRegistry();
    expect(refusal(() => registry.register(ACME, { ...acmeBugfix, id: 'builtin-bugfix' }))).toEqual([
      'id: "builtin-bugfix" is a built-in template id; choose another',
    ]);
    registry.register(ACME, acmeBugfix);
    expect(refusal(() => registry.register(ACME, { ...acmeBugfix, kind: 'test' }))).toEqual([
      'id: "acme-bugfix" is already registered for this tenant',
    ]);
    // Another tenant may use the same id.
    expect(registry.register(GLOBEX, acmeBugfix).id).toBe('acme-bugfix');
  });

  it('refuses a second template for a kind until the first is unregistered', () => {
    const registry = new TicketTemplateRegistry();
    registry.register(ACME, acmeBugfix);
    const second = { ...acmeBugfix, id: 'acme-bugfix-2' };
    expect(refusal(() => registry.register(ACME, second))).toEqual([
      'kind: this tenant already has template "acme-bugfix" for kind "bugfix"; unregister it first',
    ]);
    expect(registry.unregister(ACME, 'acme-bugfix')).toBe(true);
    expect(registry.unregister(ACME, 'acme-bugfix')).toBe(false);
    expect(registry.register(ACME, second).id).toBe('acme-bugfix-2');
    expect(registry.forKind(ACME, 'bugfix').id).toBe('acme-bugfix-2');
  });

  it('refuses duplicate sections or criteria, unknown fields and a bad tenant id', () => {
    const registry = new TicketTemplateRegistry();
    expect(refusal(() => registry.register(ACME, { ...acmeBugfix, requiredSections: ['files', 'files'] }))).toEqual([
      'requiredSections: requiredSections lists a section twice',
    ]);
    expect(refusal(() => registry.register(ACME, { ...acmeBugfix, extraCriteria: ['Ship it', 'ship it'] }))).toEqual([
      'extraCriteria: extraCriteria lists a criterion twice',
    ]);
    expect(refusal(() => registry.register(ACME, { ...acmeBugfix, sections: [] }))[0]).toMatch(/sections/);
    expect(refusal(() => registry.register('acme', acmeBugfix))).toEqual(['tenantId must be a UUID, got "acme"']);
  });

  it('says a missing kind is required rather than unknown', () => {
    const { kind: _kind, ...noKind } = acmeBugfix;
    expect(refusal(() => new TicketTemplateRegistry().register(ACME, noKind))).toEqual(['kind: kind is required']);
  });
});
