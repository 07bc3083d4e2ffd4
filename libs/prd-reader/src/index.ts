export type { ExtractedRequirement, PrdDocument, PrdSection, RequirementLevel, UserStory } from './types';
export { readPrd } from './read-prd';
