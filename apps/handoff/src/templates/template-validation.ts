import Handlebars from 'handlebars';
import { describeParseError, located } from './template-parse-error';
import { closest, Frame, isObjectLike, itemOf, resolvePath, rootFrame, Value } from './template-scope';
import { BLOCK_HELPERS, TEMPLATE_HELPERS } from './template-helpers';

export type TemplateErrorCode = 'parse_error' | 'unknown_variable' | 'missing_section';

/** One problem in a template; `line` and `column` are 1-based, as editors count them. */
export interface TemplateError {
  code: TemplateErrorCode;
  message: string;
  line?: number;
  column?: number;
}

export interface TemplateValidation {
  ok: boolean;
  errors: TemplateError[];
}

export interface ValidateTemplateOptions {
  /**
   * What the template must contain. A bare name (`tickets`) must be used as a top-level
   * variable; anything else (`{{#each tickets}}`) must occur in the source, spacing inside
   * `{{ }}` ignored. Defaults to DEFAULT_REQUIRED_SECTIONS.
   */
  requiredSections?: string[];
}

/** A handoff without its tickets is useless, and the epic title says what it is about. */
export const DEFAULT_REQUIRED_SECTIONS = ['tickets', 'epicTitle'];

/**
 * Checks a template before it is saved or rendered: syntax (with position), every variable
 * path against HANDOFF_VARIABLES in the scope it is used in, helper names, and required
 * sections. Rendering itself is lenient, so this is where strictness lives.
 */
export function validateTemplate(source: string, opts: ValidateTemplateOptions = {}): TemplateValidation {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (error) {
    // Without a syntax tree nothing else can be checked reliably; fix this first.
    return { ok: false, errors: [{ code: 'parse_error', ...describeParseError(source, error) }] };
  }
  const checker = new ScopeChecker();
  checker.program(ast, [rootFrame()]);
  const errors: TemplateError[] = checker.errors.sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  for (const section of opts.requiredSections ?? DEFAULT_REQUIRED_SECTIONS) {
    if (!hasSection(source, section, checker.referenced)) {
      errors.push({
        code: 'missing_section',
        message: `required section "${section}" is missing: the template never uses it`,
      });
    }
  }
  return { ok: errors.length === 0, errors };
}

function hasSection(source: string, section: string, referenced: Set<string>): boolean {
  if (/^[A-Za-z_]\w*$/.test(section)) return referenced.has(section);
  const normalize = (text: string) =>
    text
      .replace(/\{\{(~?)\s*/g, '{{$1')
      .replace(/\s*(~?)\}\}/g, '$1}}')
      .replace(/\s+/g, ' ');
  return normalize(source).includes(normalize(section));
}

const BLOCKS: readonly string[] = BLOCK_HELPERS;
const HELPERS = Object.keys(TEMPLATE_HELPERS);

/** Walks the syntax tree keeping the stack of context frames Handlebars would have. */
class ScopeChecker {
  readonly errors: { code: 'parse_error' | 'unknown_variable'; message: string; line: number; column: number }[] = [];
  /** Top-level variables the template uses, for the required sections. */
  readonly referenced = new Set<string>();

  program(program: hbs.AST.Program | undefined, frames: Frame[]): void {
    for (const statement of program?.body ?? []) {
      switch (statement.type) {
        case 'MustacheStatement':
          this.mustache(statement as hbs.AST.MustacheStatement, frames);
          break;
        case 'BlockStatement':
          this.block(statement as hbs.AST.BlockStatement, frames);
          break;
        case 'PartialStatement':
        case 'PartialBlockStatement':
        case 'Decorator':
        case 'DecoratorBlock':
          // Nothing registers partials or decorators: Handlebars would throw at render time.
          this.report(
            'unknown_variable',
            statement,
            statement.type.replace(/Statement$/, '').toLowerCase(),
            'not supported',
          );
          break;
        default: // content and comments
      }
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, frames: Frame[]): void {
    if (node.path.type !== 'PathExpression') return; // a literal such as {{"text"}}
    const path = node.path as hbs.AST.PathExpression;
    if (node.params.length > 0 || node.hash) return this.helperCall(path, node.params, node.hash, frames);
    const value = this.path(path, frames);
    if (value && isObjectLike(value)) {
      const what = itemOf(value) ? 'a list of objects' : 'an object';
      this.report('unknown_variable', path, `"${path.original}"`, `${what}, render its fields inside {{#each}}`);
    }
  }

  private block(node: hbs.AST.BlockStatement, frames: Frame[]): void {
    const { path } = node;
    const name = isSimple(path) ? path.parts[0] : undefined;
    if (name !== undefined && BLOCKS.includes(name)) {
      if (node.params.length !== 1) {
        return this.report('parse_error', path, `{{#${name}}}`, 'needs exactly one argument');
      }
      const target = this.expression(node.params[0], frames);
      const params = node.program?.blockParams ?? []; // {{^if x}} has no program
      if (name === 'each') {
        const item = itemOf(target);
        if (target && !item) {
          this.report('unknown_variable', node.params[0], `"${original(node.params[0])}"`, 'not a list');
        }
        this.program(node.program, [...frames, frame(item ?? 'any', true, params, [item ?? 'any', 'number'])]);
      } else if (name === 'with') {
        this.program(node.program, [...frames, frame(target ?? 'any', false, params, [target ?? 'any'])]);
      } else {
        this.program(node.program, frames);
      }
    } else if (node.params.length > 0 || node.hash || (name !== undefined && HELPERS.includes(name))) {
      if (name !== undefined && HELPERS.includes(name)) {
        this.report('unknown_variable', path, `"${name}"`, 'not a block helper');
      } else {
        this.helperCall(path, node.params, node.hash, frames);
      }
      this.program(node.program, [...frames, frame('any', false, [], [])]);
    } else {
      // A section, {{#tickets}}…{{/tickets}}: iterates a list, else runs once with the value
      // as context (even for "" and 0 — {{#if}} is the conditional).
      const value = this.path(path, frames) ?? 'any';
      const params = node.program?.blockParams ?? [];
      const item = itemOf(value);
      if (value === 'boolean') this.program(node.program, frames);
      else this.program(node.program, [...frames, frame(item ?? value, !!item, params, [item ?? value, 'number'])]);
    }
    this.program(node.inverse, frames); // {{else}} and {{^x}}…{{/x}} keep the outer context
  }

  private helperCall(
    path: hbs.AST.PathExpression,
    params: hbs.AST.Expression[],
    hash: hbs.AST.Hash | undefined,
    frames: Frame[],
  ): void {
    const name = isSimple(path) ? path.parts[0] : path.original;
    if (!HELPERS.includes(name)) {
      const near = closest(name, HELPERS);
      this.report(
        'unknown_variable',
        path,
        `unknown helper "${name}"`,
        undefined,
        near ? ` (did you mean "${near}"?)` : '',
      );
    }
    for (const param of [...params, ...(hash?.pairs ?? []).map((pair) => pair.value)]) this.expression(param, frames);
  }

  private expression(node: hbs.AST.Expression, frames: Frame[]): Value | undefined {
    if (node.type === 'PathExpression') return this.path(node as hbs.AST.PathExpression, frames);
    if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperCall(sub.path, sub.params, sub.hash, frames);
      return 'any';
    }
    return undefined; // literals
  }

  private path(path: hbs.AST.PathExpression, frames: Frame[]): Value | undefined {
    const resolution = resolvePath(path, frames);
    if (resolution.ok) {
      if (resolution.rootName) this.referenced.add(resolution.rootName);
      return resolution.value;
    }
    const hint = resolution.suggestion ? ` (did you mean "${resolution.suggestion}"?)` : '';
    this.report('unknown_variable', path, `unknown variable "${path.original}"`, resolution.reason, hint);
    return 'any'; // reported once; what is below it is not checked again
  }

  private report(
    code: 'parse_error' | 'unknown_variable',
    node: hbs.AST.Node,
    subject: string,
    detail?: string,
    hint = '',
  ): void {
    const { line, column } = position(node);
    this.errors.push({ code, message: located(subject, line, column, detail) + hint, line, column });
  }
}

function frame(value: Value, iterating: boolean, names: string[], values: Value[]): Frame {
  return { value, iterating, params: new Map(names.map((name, i) => [name, values[i] ?? 'any'])) };
}

function isSimple(path: hbs.AST.PathExpression): boolean {
  return !path.data && path.depth === 0 && path.parts.length === 1 && !/^(this|\.)/.test(path.original);
}

function original(node: hbs.AST.Expression): string {
  return String((node as { original?: unknown }).original ?? node.type);
}

function position(node: hbs.AST.Node): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}
