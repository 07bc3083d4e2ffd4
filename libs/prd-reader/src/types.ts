/** How binding a requirement is, in RFC 2119 terms. */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';

/** "As a <role>, I want <want> [so that <benefit>]". */
export interface UserStory {
  role: string;
  want: string;
  benefit: string | null;
  /** The whole story sentence, cleaned. */
  text: string;
}

export interface ExtractedRequirement {
  /** The requirement sentence or bullet, cleaned (no bullet markers, collapsed whitespace). */
  text: string;
  level: RequirementLevel;
  /** Where the level came from: a modal keyword, the heading a plain bullet sits under, or a user story. */
  source: 'modal' | 'bullet' | 'user-story';
  /** The heading it sits under, or null before the first heading. */
  section: string | null;
  userStory: UserStory | null;
}

export interface PrdSection {
  heading: string;
  level: number;
  /** The section's own paragraphs (not its bullets, not its sub-sections), one per line. */
  text: string;
  bullets: string[];
}

export interface PrdDocument {
  /** First heading, else the first sentence trimmed to 120 characters. */
  title: string;
  /** The first one or two sentences of the first paragraph. */
  summary: string;
  /** Headed sections in document order; text before the first heading belongs to none. */
  sections: PrdSection[];
  /** Functional requirements, deduplicated (case/space-insensitive), in document order. */
  requirements: ExtractedRequirement[];
  nonFunctional: (ExtractedRequirement & { category: string })[];
  userStories: UserStory[];
  /** Areas the work touches, in a fixed vocabulary order; ['Core'] when nothing matches. */
  components: string[];
  /** Named technologies in canonical casing, in order of first mention. */
  technologies: string[];
  outOfScope: string[];
  openQuestions: string[];
  wordCount: number;
}
