import type { UserStory } from './types';

/**
 * "As a/an <role>[,] I want|need|would like [to] <want>[, so [that] <benefit>]". The role
 * and want are lazy so the first " I want" and the first ", so that" split the sentence.
 */
const STORY =
  /^as an?\s+(.+?),?\s+I\s+(?:want|need|would like|'d like|wish|should be able|can)\s+(?:to\s+)?(.+?)(?:,?\s+so\s+(?:that\s+)?(.+?))?\s*[.!]?$/i;

export function parseUserStory(text: string): UserStory | null {
  const match = STORY.exec(text.trim());
  if (!match) return null;
  const want = match[2].replace(/^be able to\s+/i, '').replace(/[\s.,;:!]+$/, '');
  if (!want) return null;
  return {
    role: match[1].trim(),
    want,
    benefit: match[3] ? match[3].replace(/[\s.,;:!]+$/, '').trim() || null : null,
    text: text.trim(),
  };
}
