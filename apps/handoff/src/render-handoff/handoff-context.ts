/**
 * The variable reference of handoff templates (seed 001): everything a template may use.
 * Built-in and tenant templates are validated against it before they are saved or used.
 */
export interface HandoffSpecVar {
  id: string;
  title: string;
  version: number;
  /** The spec as markdown (front matter stripped). */
  content: string;
}

export interface HandoffTicketVar {
  key: string;
  title: string;
  level: 'epic' | 'issue' | 'task';
  kind: string;
  priority: string;
  estimatedEffort: string;
  status: string;
  blockedBy: string[];
  files: string[];
  acceptanceCriteria: string[];
  /** The ticket as markdown (front matter stripped). */
  content: string;
}

export interface HandoffFileVar {
  path: string;
  language: string;
  loc: number;
  symbols: string[];
}

export interface HandoffContext {
  /** The selected tasks' epic; the spec title when they span several epics or none (build-context.ts). */
  epicTitle: string;
  /** That epic's key; several keys joined with ", ", or '' when the tasks have no epic. */
  epicId: string;
  /** ISO-8601; passed in, never read from the clock inside rendering (renders repeat). */
  timestamp: string;
  author: string;
  agentType: string;
  workflowId: string;
  specs: HandoffSpecVar[];
  /** Tasks in dependency order (a ticket never precedes one it is blocked by). */
  tickets: HandoffTicketVar[];
  /** Client-supplied summary of the codebase; empty string when none. */
  codebaseContext: string;
  totalFiles: number;
  totalLines: number;
  /** By lines of code, largest first. */
  languages: string[];
  /** By path, at most 200 (symbols at most 20 each); totals above count every file. */
  codebaseFiles: HandoffFileVar[];
  /** The spec's planned dependencies, then the codebase's, without repeats. */
  dependencies: string[];
}

type Shape = 'string' | 'number' | 'string[]' | { list: Record<string, Shape> };

/** Names and shapes, for template validation (unknown variables) and docs. */
export const HANDOFF_VARIABLES: Record<keyof HandoffContext, Shape> = {
  epicTitle: 'string',
  epicId: 'string',
  timestamp: 'string',
  author: 'string',
  agentType: 'string',
  workflowId: 'string',
  specs: { list: { id: 'string', title: 'string', version: 'number', content: 'string' } },
  tickets: {
    list: {
      key: 'string',
      title: 'string',
      level: 'string',
      kind: 'string',
      priority: 'string',
      estimatedEffort: 'string',
      status: 'string',
      blockedBy: 'string[]',
      files: 'string[]',
      acceptanceCriteria: 'string[]',
      content: 'string',
    },
  },
  codebaseContext: 'string',
  totalFiles: 'number',
  totalLines: 'number',
  languages: 'string[]',
  codebaseFiles: { list: { path: 'string', language: 'string', loc: 'number', symbols: 'string[]' } },
  dependencies: 'string[]',
};
export type VariableShape = Shape;
