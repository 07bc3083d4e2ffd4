import { Ticket } from '@flowguard/contracts';
import { FIXTURE_SPEC_ID, ticketsInputFor } from '../../test/fixtures/specs';
import { generateTicketsOffline } from '../generate-tickets/offline-tickets';
import { applyTemplate } from '../ticket-templates/apply-template';
import { builtinTemplate } from '../ticket-templates/ticket-template';
import { renderTicketMarkdown, renderTicketTree, ticketFileName } from './ticket-markdown';

const ctx = {
  ticketSetId: '3e0f5c4b-8a7d-4b6e-8f5a-4d3c2b1a0e9f',
  specId: FIXTURE_SPEC_ID,
  workflowId: '4f1a6d5c-9b8e-4c7f-9a6b-5e4d3c2b1f0a',
  version: 2,
};

const tickets: Ticket[] = generateTicketsOffline(ticketsInputFor('csv-export')).tickets.map((t) => Ticket.parse(t));

/** A tiny front-matter reader: between the first two `---`, each `key: value`, quoted values JSON-parsed. */
function readFrontMatter(markdown: string): Record<string, unknown> {
  const [before, head] = markdown.split(/^---$/m);
  expect(before).toBe('');
  const out: Record<string, unknown> = {};
  for (const line of (head ?? '').trim().split('\n')) {
    const m = /^(\w+): (.*)$/.exec(line);
    if (!m?.[1]) throw new Error(`not a key: value line: ${line}`);
    const raw = m[2] ?? '';
    if (/^["[]/.test(raw)) out[m[1]] = JSON.parse(raw);
    else if (raw === 'null') out[m[1]] = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) out[m[1]] = Number(raw);
    else out[m[1]] = raw;
  }
  return out;
}

const sectionOf = (md: string, title: string): string => md.split(`\n## ${title}\n\n`)[1]?.split('\n\n## ')[0] ?? '';

describe('renderTicketMarkdown', () => {
  it.each(tickets.map((t) => [t.key, t] as const))('%s: front matter reads back to the ticket', (_key, t) => {
    expect(readFrontMatter(renderTicketMarkdown(t, ctx))).toEqual({
      key: t.key,
      level: t.level,
      kind: t.kind,
      status: 'open',
      priority: t.priority,
      estimatedEffort: t.estimatedEffort,
      parent: t.parentKey,
      blockedBy: t.blockedBy,
      covers: t.covers,
      tags: t.tags,
      files: t.files,
      spec: t.specRef,
      ticketSet: ctx.ticketSetId,
      workflow: ctx.workflowId,
      version: 2,
    });
  });

  it('round-trips values YAML would misread', () => {
    const t = { ...tickets[0], tags: ['a: b', '#hash', 'yes', '"q"'], parentKey: null } as Ticket;
    expect(readFrontMatter(renderTicketMarkdown(t, ctx))['tags']).toEqual(['a: b', '#hash', 'yes', '"q"']);
  });

  it.each(tickets.map((t) => [t.key, t] as const))('%s: renders every section', (_key, t) => {
    const md = renderTicketMarkdown(t, ctx);
    expect(md).toContain(`\n# [${t.key}] ${t.title}\n`);
    const criteria = sectionOf(md, 'Acceptance criteria');
    for (const c of t.acceptanceCriteria) expect(criteria).toContain(`- [ ] ${c}`);
    const steps = sectionOf(md, 'Implementation steps');
    t.implementationSteps.forEach((s, i) => expect(steps).toContain(`${i + 1}. ${s}`));
    for (const f of t.files) expect(sectionOf(md, 'Files')).toContain(`- \`${f}\``);
    const deps = sectionOf(md, 'Dependencies');
    expect(deps).toContain(t.blockedBy.length > 0 ? `Blocked by: ${t.blockedBy.join(', ')}` : 'Blocked by: nothing');
    expect(md).not.toContain('**Warning:**');
  });

  it('keeps the section order and is deterministic', () => {
    const md = renderTicketMarkdown(tickets[2] as Ticket, ctx);
    const order = ['Description', 'Acceptance criteria', 'Implementation steps', 'Files', 'Dependencies'];
    const at = order.map((s) => md.indexOf(`\n## ${s}\n`));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(renderTicketMarkdown(tickets[2] as Ticket, ctx)).toBe(md);
  });

  it('gives template sections their own headings, and marks required ones that are missing', () => {
    const base = tickets[2] as Ticket;
    const bug = { ...base, kind: 'bugfix' as const };
    const missing = renderTicketMarkdown(bug, ctx);
    expect(sectionOf(missing, 'Reproduction steps')).toBe('_Missing — required by the "Bug fix" template._');

    const fixed = { ...bug, ...applyTemplate(bug, builtinTemplate('bugfix')) };
    const md = renderTicketMarkdown(fixed, ctx);
    expect(sectionOf(md, 'Reproduction steps')).toMatch(/^1\. Set up the situation described above: /);
    expect(sectionOf(md, 'Description')).not.toContain('Reproduction steps');
    expect(md.indexOf('## Reproduction steps')).toBeLessThan(md.indexOf('## Acceptance criteria'));
    expect(sectionOf(md, 'Acceptance criteria')).toContain('- [ ] Add a regression test that fails before the fix');
  });

  it('flags a ticket that references another spec instead of failing', () => {
    const md = renderTicketMarkdown(tickets[0] as Ticket, { ...ctx, specId: '5a2b7e6d-0c9f-4d8a-8b7c-6f5e4d3c2a1b' });
    expect(md).toContain('> **Warning:** this ticket references');
  });
});

describe('ticketFileName', () => {
  it('names each file after its key', () => {
    expect(ticketFileName({ key: 'FG-12' })).toBe('FG-12.md');
    expect(tickets.map(ticketFileName)).toEqual(tickets.map((t) => `${t.key}.md`));
    expect(ticketFileName({ key: '../FG-1' })).toBe('___FG-1.md');
  });
});

describe('renderTicketTree', () => {
  const tree = renderTicketTree(tickets);
  const lines = tree.trimEnd().split('\n');
  const keyOf = (l: string): string => /([A-Z]+-\d+) \[P\d\]/.exec(l)?.[1] ?? '';
  const depthOf = (l: string): number => (l.indexOf(keyOf(l)) / 3) | 0;

  it('lists every key exactly once', () => {
    expect(lines.map(keyOf).sort()).toEqual(tickets.map((t) => t.key).sort());
  });

  it('nests tasks under issues under the epic, in plan order', () => {
    const depth = { epic: 0, issue: 1, task: 2 };
    expect(lines[0]).toMatch(/^FG-1 \[P\d\] \S+ epic {2}\[/);
    lines.forEach((l, i) => {
      const t = tickets.find((x) => x.key === keyOf(l)) as Ticket;
      expect(depthOf(l)).toBe(depth[t.level]);
      // The parent is the nearest line above that is one level shallower.
      const above = lines.slice(0, i).reverse();
      const parent = above.find((p) => depthOf(p) === depthOf(l) - 1);
      expect(parent ? keyOf(parent) : null).toBe(t.parentKey);
    });
    expect(lines.map(keyOf)).toEqual(tickets.map((t) => t.key));
  });

  it('shows priority, effort, status and blockers, with tree branches', () => {
    const t = tickets.find((x) => x.blockedBy.length > 0 && x.level === 'task') as Ticket;
    const l = lines.find((x) => keyOf(x) === t.key) ?? '';
    expect(l).toContain(
      `${t.key} [${t.priority}] ${t.estimatedEffort} task  ${t.title} — open; blocked by ${t.blockedBy.join(', ')}`,
    );
    expect(tree).toMatch(/^├─ FG-2 /m);
    expect(tree).toMatch(/^└─ /m);
    expect(tree).toMatch(/^│ {2}├─ /m);
  });

  it('prints orphans and parent cycles once each', () => {
    const t = tickets[2] as Ticket;
    const odd = [
      { ...t, key: 'X-1', parentKey: 'X-2' },
      { ...t, key: 'X-2', parentKey: 'X-1' },
      { ...t, key: 'X-3', parentKey: 'GONE-1' },
      { ...t, key: 'X-4', parentKey: 'X-4' },
    ];
    const out = renderTicketTree(odd).trimEnd().split('\n');
    expect(out.map(keyOf).sort()).toEqual(['X-1', 'X-2', 'X-3', 'X-4']);
    expect(renderTicketTree([])).toBe('');
  });
});
