import { AIDER_TEMPLATE } from './builtin/aider';
import { CLAUDE_TEMPLATE } from './builtin/claude';
import { CLINE_TEMPLATE } from './builtin/cline';
import { CURSOR_TEMPLATE } from './builtin/cursor';
import { GENERIC_TEMPLATE } from './builtin/generic';
import { WINDSURF_TEMPLATE } from './builtin/windsurf';

export type BuiltinAgentType = 'cursor' | 'claude' | 'windsurf' | 'cline' | 'aider' | 'generic';

export interface BuiltinTemplate {
  /** Stable id (`builtin:<agentType>`), recorded on handoffs rendered from it. */
  id: string;
  agentType: string;
  name: string;
  source: string;
}

const builtin = (agentType: BuiltinAgentType, name: string, source: string): BuiltinTemplate => ({
  id: `builtin:${agentType}`,
  agentType,
  name,
  source,
});

/**
 * The built-in handoff templates by agent type. `custom` has none on purpose: a tenant's
 * custom agent gets its own template, and callers fall back to `generic` until it exists.
 */
export const BUILTIN_TEMPLATES: Record<BuiltinAgentType, BuiltinTemplate> = {
  cursor: builtin('cursor', 'Cursor (Agent mode)', CURSOR_TEMPLATE),
  claude: builtin('claude', 'Claude Code', CLAUDE_TEMPLATE),
  windsurf: builtin('windsurf', 'Windsurf (Cascade)', WINDSURF_TEMPLATE),
  cline: builtin('cline', 'Cline', CLINE_TEMPLATE),
  aider: builtin('aider', 'Aider', AIDER_TEMPLATE),
  generic: builtin('generic', 'Generic markdown', GENERIC_TEMPLATE),
};
