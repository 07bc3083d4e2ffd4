import Handlebars from 'handlebars';

/**
 * The helpers a handoff template may call, beside Handlebars's block helpers (`if`, `unless`,
 * `each`, `with`). The set is closed: the engine compiles with `knownHelpersOnly`, and the
 * validator rejects any other helper name, so a tenant template cannot reach `log` or `lookup`.
 */
export interface TemplateHelper {
  usage: string;
  description: string;
  fn: Handlebars.HelperDelegate;
}

export const TEMPLATE_HELPERS = {
  join: {
    usage: '{{join files ", "}}',
    description: 'Joins a string list with the separator (default ", "); renders empty for anything but a list.',
    // Handlebars passes its options object as the last argument, so a missing separator shows
    // up as a non-string here.
    fn: (list: unknown, separator: unknown) =>
      Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  },
  inc: {
    usage: '{{inc @index}}',
    description: 'Adds one to a number, for 1-based positions in a list; renders empty for anything else.',
    fn: (value: unknown) => (typeof value === 'number' ? value + 1 : ''),
  },
} satisfies Record<string, TemplateHelper>;

export type TemplateHelperName = keyof typeof TEMPLATE_HELPERS;

/** Handlebars built-ins a template may use as blocks (`{{#if x}}`, `{{#each xs}}`…). */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
