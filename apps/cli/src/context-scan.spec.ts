import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_FILE_BYTES, locOf, scanCodebase, symbolsOf } from './context-scan';

describe('symbolsOf', () => {
  it('finds TS/JS exports, Python top-level defs and classes, Go funcs', () => {
    const ts = [
      'export function a() {}',
      'export async function b() {}',
      'export default class C {}',
      'export const d = 1;',
      'export interface E {}',
      'export type F = string;',
      'export enum G { x }',
      'const hidden = 2;',
      'function notExported() {}',
    ].join('\n');
    expect(symbolsOf('TypeScript', ts)).toEqual(['a', 'b', 'C', 'd', 'E', 'F', 'G']);
    expect(symbolsOf('Python', 'def top():\n  def inner(): pass\nclass K:\n    def method(self): pass\n')).toEqual([
      'top',
      'K',
    ]);
    expect(symbolsOf('Go', 'package x\nfunc Run() {}\nfunc (s *Server) Close() error {}\n')).toEqual(['Run', 'Close']);
    expect(symbolsOf('Markdown', 'export function nope() {}')).toEqual([]);
  });

  it('counts non-blank lines', () => {
    expect(locOf('a\n\n  \nb\r\nc')).toBe(3);
  });
});

describe('scanCodebase', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-scan-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };

  it('honours root and nested .gitignore files and always skips node_modules, .git and dist', () => {
    write('.gitignore', 'secret.txt\nbuild/\n');
    write('src/a.ts', 'export const a = 1;\n');
    write('secret.txt', 'no');
    write('build/out.js', 'no');
    write('pkg/.gitignore', '*.gen.ts\n');
    write('pkg/b.ts', 'export function b() {}\n');
    write('pkg/b.gen.ts', 'no');
    write('b.gen.ts', 'kept: the nested rule applies under pkg/ only');
    write('node_modules/x/index.js', 'no');
    write('.git/HEAD', 'no');
    write('dist/main.js', 'no');
    const { context, skipped } = scanCodebase(dir);
    expect(context.files.map((f) => f.path).sort()).toEqual([
      '.gitignore',
      'b.gen.ts',
      'pkg/.gitignore',
      'pkg/b.ts',
      'src/a.ts',
    ]);
    expect(skipped.ignored).toBe(6);
  });

  it('skips binaries and files over 256 KiB; describes the rest', () => {
    write('img.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    write('big.ts', `export const big = "${'x'.repeat(MAX_FILE_BYTES)}";\n`);
    write('main.py', 'import os\n\ndef run():\n    pass\n');
    write('package.json', JSON.stringify({ dependencies: { express: '^5.0.0' }, devDependencies: { jest: '30' } }));
    const { context, skipped } = scanCodebase(dir);
    expect(skipped).toMatchObject({ binary: 1, large: 1 });
    expect(context.files.find((f) => f.path === 'main.py')).toEqual({
      path: 'main.py',
      language: 'Python',
      loc: 3,
      symbols: ['run'],
    });
    expect(context.dependencies).toEqual(['express@^5.0.0', 'jest@30']);
    expect(context.summary).toMatch(/2 files, \d+ lines of code/);
  });

  it('stops at 2,000 files and says so', () => {
    for (let i = 0; i < 2_005; i++) write(`f/${String(i).padStart(4, '0')}.txt`, 'x');
    const { context, skipped } = scanCodebase(dir);
    expect(context.files).toHaveLength(2_000);
    expect(skipped.truncated).toBe(true);
    expect(context.summary).toMatch(/truncated at 2000 files/);
  });

  it('reads the sample codebase without its ignored local config', () => {
    const sample = path.resolve(__dirname, '../../../examples/sample-codebase');
    const { context } = scanCodebase(sample);
    const paths = context.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'src/invoice.ts', 'src/money.ts']));
    expect(paths).not.toContain('config.local.json');
    expect(context.files.find((f) => f.path === 'src/money.ts')?.symbols).toEqual([
      'Cents',
      'roundHalfUp',
      'formatCents',
    ]);
  });
});
