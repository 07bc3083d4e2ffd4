import type { FileChange, SpecInput, SpecOutput } from '@flowguard/contracts';
import type { PrdDocument } from '@flowguard/prd-reader';
import { planFiles } from './spec-files';
import { detectLayout, mentionedPaths, type Layout } from './spec-layout';
import { LAYERS, type BuiltRequirement, type NonFunctionalRequirement } from './spec-requirements';
import { joinList, kebab, listIds, overlap, pascal, singular, tokens, truncateWords, unique } from './spec-text';

export type TechnicalPlan = SpecOutput['technicalPlan'];

/** Nouns that name things a product keeps; a requirement mentioning one may need a table. */
const ENTITY_NOUNS = new Set(
  (
    'account attachment comment conversation coupon credit customer device discount document event file folder ' +
    'invoice member membership message note notebook notification order organization payment plan preference ' +
    'product profile project receipt refund reminder revision seat session subscription tag task team tenant ' +
    'ticket token transaction version webhook workspace'
  ).split(' '),
);
/** Verbs that imply the product keeps state rather than computing it on the fly. */
const PERSISTS =
  /\b(stor(e|es|ed|ing)|sav(e|es|ed|ing)|persist\w*|record\w*|track\w*|keeps? (?!\w+ing\b)|kept|histor\w+|retain\w*|creat(e|es|ed|ing)|archiv\w+)\b/i;
const DATA_SECTION = /\b(data ?model|schema|database|storage|entities|tables?)\b/i;

export interface PlanContext {
  input: SpecInput;
  prd: PrdDocument;
  frs: BuiltRequirement[];
  nfrs: NonFunctionalRequirement[];
  components: string[];
  feature: string;
  maxFileChanges: number;
}

/** FRs per component (a requirement no component claims was given the feature's core one). */
export function frsByComponent(frs: BuiltRequirement[], components: string[]): Map<string, BuiltRequirement[]> {
  const map = new Map<string, BuiltRequirement[]>(components.map((c) => [c, []]));
  for (const b of frs) for (const area of b.areas) map.get(area)?.push(b);
  return map;
}

function idList(frs: BuiltRequirement[], max = 4): string {
  return listIds(
    frs.map((b) => b.fr.id),
    max,
  );
}

/**
 * Entities to add: nouns of requirements that keep state, plus those of the PRD's own data-model
 * section. Negated requirements ("never store card numbers") do not count.
 */
export function inferEntities(
  frs: BuiltRequirement[],
  prd: PrdDocument,
): Array<{ name: string; frs: BuiltRequirement[] }> {
  const textOf = (b: BuiltRequirement) => `${b.parsed.text} ${b.parsed.note ?? ''}`;
  const mentions = (noun: string) => frs.filter((b) => tokens(textOf(b)).map(singular).includes(noun));
  // A data-model section is authoritative; its "gains a column" sentences change existing tables.
  const dataText = prd.sections
    .filter((s) => DATA_SECTION.test(s.heading))
    .flatMap((s) => [s.text, ...s.bullets])
    .join(' ')
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !/\b(gains?|columns?|existing)\b/i.test(sentence))
    .join(' ');
  let nouns = unique(tokens(dataText).map(singular)).filter((n) => ENTITY_NOUNS.has(n));
  if (nouns.length === 0) {
    const persisted = frs.filter((b) => !b.parsed.negated && PERSISTS.test(textOf(b)));
    nouns = unique(persisted.flatMap((b) => tokens(textOf(b)).map(singular))).filter((n) => ENTITY_NOUNS.has(n));
    nouns.sort((a, b) => mentions(b).length - mentions(a).length || a.localeCompare(b));
  }
  return nouns.slice(0, 5).map((noun) => ({ name: pascal(noun), frs: mentions(noun) }));
}

function dataModelOf(prd: PrdDocument, entities: ReturnType<typeof inferEntities>): string {
  const section = prd.sections.find((s) => DATA_SECTION.test(s.heading));
  const fromPrd = section ? [`From the PRD: ${truncateWords([section.text, ...section.bullets].join(' '), 800)}`] : [];
  if (entities.length === 0 && fromPrd.length === 0) {
    return 'No data model changes: the requirements work on data the product already stores.';
  }
  const lines = entities.map((e) => {
    const related = entities.filter((o) => o !== e && o.frs.some((b) => e.frs.includes(b))).map((o) => o.name);
    const needed = e.frs.length ? `needed by ${idList(e.frs)}` : 'named in the PRD data model';
    return `${e.name}: id, owner reference, status and timestamps; ${needed}${related.length ? `; related to ${joinList(related)}` : ''}.`;
  });
  return [
    ...fromPrd,
    entities.length ? `Entities: ${joinList(entities.map((e) => e.name))}.` : '',
    ...lines,
    'Ship the schema as one additive, reversible migration (up and down).',
  ]
    .filter(Boolean)
    .join('\n');
}

function describeFrs(frs: BuiltRequirement[]): string {
  if (frs.length === 0) return 'the shared code of the requirements';
  const named = frs.slice(0, 2).map((b) => `${b.fr.id} (${b.fr.title})`);
  return frs.length > 2 ? `${named.join(', ')} and ${idList(frs.slice(2))}` : named.join(' and ');
}

/** Which component a path belongs to, judged by its name. */
function areaOfPath(path: string): string {
  if (/\.(tsx|jsx|vue|svelte)$/.test(path)) return 'UI';
  if (/controller|routes?|handler|(^|\/)api\//.test(path)) return 'API';
  if (/migration|entity|model|schema/.test(path)) return 'Database';
  if (/worker|job|queue|task/.test(path)) return 'Background jobs';
  return 'domain';
}

function frsForArea(
  area: string,
  frs: BuiltRequirement[],
  byComponent: Map<string, BuiltRequirement[]>,
): BuiltRequirement[] {
  if (area === 'domain') return frs;
  const userFacing = frs.filter((b) => b.parsed.kind === 'story' || b.parsed.kind === 'actor');
  const own = byComponent.get(area) ?? [];
  return area === 'UI' || area === 'API' || area === 'Mobile' ? unique([...own, ...userFacing], (b) => b.fr.id) : own;
}

function fileChangesOf(ctx: PlanContext, layout: Layout, entities: ReturnType<typeof inferEntities>): FileChange[] {
  const { frs, components, input, prd } = ctx;
  const byComponent = frsByComponent(frs, components);
  const related = (path: string) => {
    const byWords = frs.filter((b) => overlap(path.replace(/\.\w+(?=\s|$)/g, ''), b.parsed.text) > 0);
    const byArea = frsForArea(areaOfPath(path), frs, byComponent);
    const all = unique([...byWords, ...byArea], (b) => b.fr.id).sort((a, b) => a.fr.id.localeCompare(b.fr.id));
    return all.length ? all : frs;
  };
  const changes: FileChange[] = [];
  for (const m of mentionedPaths(input.goal)) {
    const verb = { create: 'Create', modify: 'Update', delete: 'Remove' }[m.action];
    changes.push({
      path: m.path,
      action: m.action,
      description: `${verb} for ${describeFrs(related(`${m.path} ${m.sentence}`))}. PRD: "${truncateWords(m.sentence, 300)}"`,
    });
  }
  // Existing files whose names share words with the feature or a component are the likely edit points.
  const keywords = [ctx.feature, prd.title, ...components.filter((c) => !LAYERS.has(c))].join(' ');
  const files = (input.codebaseContext?.files ?? [])
    .filter((f) => !/\.(spec|test)\.|__tests__|(^|\/)tests?\//.test(f.path))
    .map((f) => ({ f, score: overlap(keywords, f.path) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.f.path.localeCompare(b.f.path))
    .slice(0, 6);
  for (const { f } of files) {
    changes.push({
      path: f.path,
      action: 'modify',
      description: `Extend the existing code for ${describeFrs(related(f.path))}.`,
    });
  }
  const names = entities.map((e) => e.name);
  for (const file of planFiles({
    feature: ctx.feature,
    components,
    technologies: prd.technologies,
    entities: names,
    layout,
  })) {
    const entity = entities.find((e) => e.name === file.entity);
    const own = entity ? entity.frs : frsForArea(file.area, frs, byComponent);
    if (own.length === 0 && file.area !== 'Database') continue;
    const ids = own.length
      ? own
      : unique(
          entities.flatMap((e) => e.frs),
          (b) => b.fr.id,
        );
    changes.push({
      path: file.path,
      action: 'create',
      description: file.test
        ? `${file.what[0].toUpperCase()}${file.what.slice(1)}: the acceptance scenarios of ${idList(ids) || 'the data model'}.`
        : `New ${file.what} for ${describeFrs(ids)}.`,
    });
  }
  if (entities.length > 0) {
    const name = `add-${names.slice(0, 3).map(kebab).join('-')}`;
    const path =
      layout.language === 'py'
        ? `migrations/${name.replace(/-/g, '_')}.py`
        : layout.language === 'go'
          ? `migrations/${name}.up.sql`
          : `${layout.backendRoot}/migrations/${name}.${layout.language}`;
    const users = unique(
      entities.flatMap((e) => e.frs),
      (b) => b.fr.id,
    );
    changes.push({
      path,
      action: 'create',
      description: `Reversible migration adding ${joinList(names)}${users.length ? ` for ${idList(users)}` : ''}.`,
    });
  }
  return unique(changes, (c) => c.path)
    .slice(0, ctx.maxFileChanges)
    .map((c) => ({ ...c, path: c.path.slice(0, 500), description: truncateWords(c.description, 1000) }));
}

function architectureNotesOf(ctx: PlanContext, layout: Layout): string {
  const { prd, frs, nfrs, components, input } = ctx;
  const byComponent = frsByComponent(frs, components);
  const notes = [
    `Components: ${components.map((c) => `${c} (${idList(byComponent.get(c) ?? []) || 'supporting'})`).join('; ')}.`,
  ];
  if (prd.technologies.length) notes.push(`Technologies named in the PRD: ${joinList(prd.technologies)}.`);
  const cb = input.codebaseContext;
  const where = `${layout.backendDir ?? layout.backendRoot}${
    (layout.frontendDir ?? layout.frontendRoot) !== (layout.backendDir ?? layout.backendRoot)
      ? ` and ${layout.frontendDir ?? layout.frontendRoot}`
      : ''
  }`;
  if (cb) {
    const summary = cb.summary ? ` ${truncateWords(cb.summary.replace(/\s+/g, ' '), 400)}` : '';
    notes.push(
      `Existing codebase (${cb.files.length} files, mostly ${layout.language}):${summary} New code goes in ${where}.`,
    );
  } else {
    notes.push(`No codebase context was given; the proposed layout puts new code in ${where}.`);
  }
  if (nfrs.length)
    notes.push(`Cross-cutting: ${nfrs.map((n) => `${n.id} (${n.category})`).join(', ')} apply to every component.`);
  return notes.join('\n');
}

export function buildTechnicalPlan(ctx: PlanContext): { plan: TechnicalPlan; entities: string[] } {
  const paths = mentionedPaths(ctx.input.goal).map((m) => m.path);
  const keywords = `${ctx.feature} ${ctx.prd.title}`;
  const layout = detectLayout(paths, ctx.prd.technologies, ctx.components, ctx.input.codebaseContext, keywords);
  const entities = inferEntities(ctx.frs, ctx.prd);
  return {
    plan: {
      architectureNotes: architectureNotesOf(ctx, layout),
      fileChanges: fileChangesOf(ctx, layout, entities),
      dependencies: unique(ctx.prd.technologies),
      dataModel: dataModelOf(ctx.prd, entities),
    },
    entities: entities.map((e) => e.name),
  };
}
