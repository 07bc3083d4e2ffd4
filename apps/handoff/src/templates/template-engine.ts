import Handlebars from 'handlebars';
import { HandoffContext } from '../render-handoff/handoff-context';
import { TEMPLATE_HELPERS } from './template-helpers';

/**
 * Rendering of handoff templates on Handlebars. Rendering is deliberately lenient (a missing
 * variable renders empty, as Handlebars does by default): strictness is the job of
 * `validateTemplate`, which runs before a template is saved or used and reports every problem
 * with its position, instead of failing one render at a time.
 */

// An isolated environment: helpers registered here never leak into (or from) other users of
// the global Handlebars instance in the same process.
const env = Handlebars.create();
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper.fn);
// `log` writes to the console and `lookup` defeats static validation; neither is offered.
env.unregisterHelper('log');
env.unregisterHelper('lookup');

const COMPILE_OPTIONS: Parameters<typeof env.compile>[1] = {
  // The output is markdown for a coding agent, not HTML: `<`, `&` and backticks must survive.
  noEscape: true,
  strict: false,
  knownHelpers: { join: true, inc: true, log: false, lookup: false },
  // Any other helper name is a compile error rather than a runtime "Missing helper".
  knownHelpersOnly: true,
};

export type CompiledTemplate = (context: HandoffContext) => string;

/**
 * Parses now (a syntax error throws here) and returns a reusable render function. Handlebars
 * generates code lazily, on the first render; validated templates never fail there.
 */
export function compileTemplate(source: string): CompiledTemplate {
  const template = env.compile<HandoffContext>(env.parse(source), COMPILE_OPTIONS);
  return (context) => template(context);
}

/** Renders `source` with `context`; a pure function of its inputs (no clock, no I/O). */
export function renderTemplate(source: string, context: HandoffContext): string {
  return compileTemplate(source)(context);
}
