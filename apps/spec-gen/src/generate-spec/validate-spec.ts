import type { SpecContent } from '@flowguard/contracts';

/**
 * The checks a spec must pass before it is stored and spec.created goes out, beyond its zod
 * schema (which a model can satisfy with duplicate ids or whitespace-only sections):
 *
 * - every functional requirement id is unique (tickets and coverage reports key off them);
 * - every functional requirement has at least one complete GIVEN/WHEN/THEN scenario;
 * - every file change names a path and an action (create, modify or delete);
 * - the required sections are not empty.
 *
 * Pure; returns one readable problem per violation, in section order, and `[]` for a valid spec.
 * The input is model output, so nothing about its shape is taken for granted.
 */
export function validateSpec(content: SpecContent): string[] {
  return [...requiredSections(content), ...uniqueFrIds(content), ...scenarios(content), ...fileChanges(content)];
}

const FILE_ACTIONS: ReadonlySet<string> = new Set(['create', 'modify', 'delete']);

const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;
const items = <T>(value: readonly T[] | undefined | null): readonly T[] => (Array.isArray(value) ? value : []);

function requiredSections(c: SpecContent): string[] {
  const problems: string[] = [];
  const text: [string, unknown][] = [
    ['title', c.title],
    ['overview', c.overview],
    ['technicalPlan.architectureNotes', c.technicalPlan?.architectureNotes],
    ['testingStrategy', c.testingStrategy],
    ['rollbackPlan', c.rollbackPlan],
  ];
  for (const [name, value] of text) if (blank(value)) problems.push(`${name} is empty`);
  const lists: [string, readonly unknown[]][] = [
    ['goals', items(c.goals).filter((g) => !blank(g))],
    ['functionalRequirements', items(c.functionalRequirements)],
    ['technicalPlan.fileChanges', items(c.technicalPlan?.fileChanges)],
    ['phases', items(c.phases)],
  ];
  for (const [name, list] of lists) if (list.length === 0) problems.push(`${name} is empty`);
  return problems;
}

function uniqueFrIds(c: SpecContent): string[] {
  const counts = new Map<string, number>();
  for (const fr of items(c.functionalRequirements)) {
    const id = typeof fr.id === 'string' ? fr.id.trim() : '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const problems: string[] = [];
  for (const [id, n] of counts) {
    if (!id) problems.push(`${n} functional requirement(s) have no id`);
    else if (n > 1) problems.push(`functional requirement id ${id} is used ${n} times`);
  }
  return problems;
}

function scenarios(c: SpecContent): string[] {
  const problems: string[] = [];
  items(c.functionalRequirements).forEach((fr, i) => {
    const name = blank(fr.id) ? `functional requirement ${i + 1}` : fr.id;
    const list = items(fr.scenarios);
    if (list.length === 0) {
      problems.push(`${name} has no acceptance scenario`);
      return;
    }
    list.forEach((s, j) => {
      const missing = (['given', 'when', 'then'] as const).filter((k) => blank(s?.[k]));
      if (missing.length) problems.push(`${name} scenario ${j + 1} has an empty ${missing.join(', ')}`);
    });
  });
  return problems;
}

function fileChanges(c: SpecContent): string[] {
  const problems: string[] = [];
  items(c.technicalPlan?.fileChanges).forEach((f, i) => {
    const name = blank(f?.path) ? `file change ${i + 1}` : `file change ${i + 1} (${f.path.trim()})`;
    if (blank(f?.path)) problems.push(`${name} has no path`);
    if (!FILE_ACTIONS.has(String(f?.action))) {
      problems.push(`${name} has action ${JSON.stringify(f?.action ?? null)}; expected create, modify or delete`);
    }
  });
  return problems;
}
