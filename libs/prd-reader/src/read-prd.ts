import { parseBlocks, type Block } from './blocks';
import { detectComponents } from './components';
import { bulletLevelOf, HeadingTrail, type HeadingContext, type SectionKind } from './headings';
import { cleanInline, pushUnique, truncateWords } from './inline';
import { modalLevelOf } from './modal';
import { nfrCategoryOf } from './nfr-categories';
import { splitSentences } from './sentences';
import { detectTechnologies } from './technologies';
import type { ExtractedRequirement, PrdDocument, PrdSection, UserStory } from './types';
import { parseUserStory } from './user-story';

type NonFunctional = ExtractedRequirement & { category: string };

/** One sentence of prose or one list item, with the heading it sits under. */
interface Unit {
  text: string;
  kind: 'sentence' | 'bullet';
  context: HeadingContext | null;
}

const TITLE_MAX = 120;
const SUMMARY_MAX_SENTENCES = 2;
const INLINE_OUT_OF_SCOPE = /^(?:out of scope|not in scope|non-goals?)\s*[:\-–—]\s*(.+)$/i;
const MENTIONS_OUT_OF_SCOPE = /\b(out of scope|not in scope|non-goals?)\b/i;
const INLINE_QUESTION = /^open questions?\s*[:\-–—]\s*(.+)$/i;

/**
 * Reads the structure of a goal or PRD: sections, requirements with their level, user
 * stories, non-functional requirements, components, technologies, out-of-scope items and
 * open questions. Pure and deterministic: the same text always gives the same document.
 */
export function readPrd(text: string): PrdDocument {
  const blocks = parseBlocks(text);
  const { units, sections, headingContexts } = walk(blocks);

  const requirements: ExtractedRequirement[] = [];
  const nonFunctional: NonFunctional[] = [];
  const userStories: UserStory[] = [];
  const outOfScope: string[] = [];
  const openQuestions: string[] = [];
  const seen = {
    requirement: new Set<string>(),
    story: new Set<string>(),
    out: new Set<string>(),
    q: new Set<string>(),
  };
  const inScopeTexts: string[] = headingContexts.filter((h) => h.kind !== 'out-of-scope').map((h) => h.heading);

  const addRequirement = (requirement: ExtractedRequirement, category: string | null): void => {
    if (category) pushUnique(nonFunctional, seen.requirement, { ...requirement, category }, requirement.text);
    else pushUnique(requirements, seen.requirement, requirement, requirement.text);
  };

  // Units already read as out-of-scope, questions or requirements; the goal fallback skips them.
  const used = new Set<Unit>();
  for (const unit of units) {
    const kind: SectionKind = unit.context?.kind ?? 'other';
    const section = unit.context?.heading ?? null;

    const outOfScopeText =
      kind === 'out-of-scope' ? (INLINE_OUT_OF_SCOPE.exec(unit.text)?.[1] ?? unit.text) : inlineOutOfScope(unit.text);
    if (outOfScopeText) {
      used.add(unit);
      pushUnique(outOfScope, seen.out, outOfScopeText, outOfScopeText);
      continue;
    }
    const question = INLINE_QUESTION.exec(unit.text)?.[1] ?? unit.text;
    if (kind === 'open-questions' || /\?["')]*$/.test(unit.text)) {
      used.add(unit);
      pushUnique(openQuestions, seen.q, question, question);
      continue;
    }
    inScopeTexts.push(unit.text);

    const story = parseUserStory(unit.text);
    if (story) {
      used.add(unit);
      pushUnique(userStories, seen.story, story, story.text);
      addRequirement({ text: story.want, level: 'MUST', source: 'user-story', section, userStory: story }, null);
      continue;
    }
    const modal = modalLevelOf(unit.text);
    const level = modal ?? (unit.kind === 'bullet' ? bulletLevelOf(kind) : null);
    if (!level) continue;
    used.add(unit);
    const category =
      unit.context?.category ?? nfrCategoryOf(unit.text) ?? (kind === 'non-functional' ? 'general' : null);
    addRequirement({ text: unit.text, level, source: modal ? 'modal' : 'bullet', section, userStory: null }, category);
  }

  // A goal that states no functional requirement is itself the one thing to build: its first
  // sentence not read as anything else, or the heading of a document that is only a heading.
  if (requirements.length === 0) {
    const goal = units.find((u) => !used.has(u));
    const goalText = goal?.text ?? (units.length === 0 ? headingContexts[0]?.heading : undefined);
    if (goalText) {
      requirements.push({
        text: goalText,
        level: 'MUST',
        source: 'bullet',
        section: goal?.context?.heading ?? null,
        userStory: null,
      });
    }
  }

  const title = titleOf(blocks, units);
  return {
    title,
    summary: summaryOf(blocks, title),
    sections,
    requirements,
    nonFunctional,
    userStories,
    components: detectComponents(inScopeTexts),
    technologies: detectTechnologies(text),
    outOfScope,
    openQuestions,
    wordCount: countWords(text),
  };
}

function walk(blocks: Block[]): { units: Unit[]; sections: PrdSection[]; headingContexts: HeadingContext[] } {
  const trail = new HeadingTrail();
  const units: Unit[] = [];
  const sections: PrdSection[] = [];
  const headingContexts: HeadingContext[] = [];
  let context: HeadingContext | null = null;
  let paragraphs: string[] = [];

  for (const block of blocks) {
    if (block.kind === 'heading') {
      const heading = cleanHeading(block.text);
      if (!heading) continue;
      context = trail.enter(heading, block.level);
      headingContexts.push(context);
      paragraphs = [];
      sections.push({ heading, level: block.level, text: '', bullets: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (block.kind === 'bullet') {
      const text = cleanInline(block.text).replace(/[\s,;]+$/, '');
      if (!text) continue;
      units.push({ text, kind: 'bullet', context });
      if (current) current.bullets.push(text);
      continue;
    }
    const sentences = splitSentences(block.lines.map(cleanInline)).filter(Boolean);
    for (const sentence of sentences) units.push({ text: sentence, kind: 'sentence', context });
    if (current && sentences.length > 0) {
      paragraphs.push(sentences.join(' '));
      current.text = paragraphs.join('\n');
    }
  }
  return { units, sections, headingContexts };
}

function inlineOutOfScope(text: string): string | null {
  const prefixed = INLINE_OUT_OF_SCOPE.exec(text);
  if (prefixed) return prefixed[1].trim();
  return MENTIONS_OUT_OF_SCOPE.test(text) ? text : null;
}

/** Strips numbering ("2.1 Goals") and a trailing colon from a heading. */
function cleanHeading(text: string): string {
  return cleanInline(text)
    .replace(/^\d+(\.\d+)*\.?\s+/, '')
    .replace(/\s*:$/, '')
    .trim();
}

function titleOf(blocks: Block[], units: Unit[]): string {
  const heading = blocks.find((b) => b.kind === 'heading');
  if (heading?.kind === 'heading') {
    const text = cleanHeading(heading.text);
    if (text) return truncateWords(text, TITLE_MAX);
  }
  const first = units[0]?.text ?? '';
  return truncateWords(first.replace(/[.!]+$/, ''), TITLE_MAX);
}

/**
 * The first one or two sentences of the first paragraph. A plain-text goal's first line is
 * usually its title; when that paragraph is just the title, the next one says more.
 */
function summaryOf(blocks: Block[], title: string): string {
  const paragraphs = blocks
    .filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph')
    .map((b) => splitSentences(b.lines.map(cleanInline)));
  const chosen = paragraphs.find((sentences) => sentences.join(' ').replace(/[.!]+$/, '') !== title) ?? paragraphs[0];
  if (chosen) return chosen.slice(0, SUMMARY_MAX_SENTENCES).join(' ');
  const bullet = blocks.find((b) => b.kind === 'bullet');
  return bullet?.kind === 'bullet' ? cleanInline(bullet.text) : '';
}

/** Words with at least one letter or digit, so markdown markers (#, -, |) do not count. */
function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
