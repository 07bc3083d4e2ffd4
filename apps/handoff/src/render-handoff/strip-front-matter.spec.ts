import { stripFrontMatter } from './strip-front-matter';

describe('stripFrontMatter', () => {
  it.each([
    ['a block and the blank lines after it', '---\nkey: FG-1\nlist: ["a"]\n---\n\n# Title\n', '# Title\n'],
    ['CRLF line ends and a BOM', '\uFEFF---\r\nkey: FG-1\r\n---\r\n# Title', '# Title'],
    ['an empty block', '---\n---\nBody', 'Body'],
    ['a block closed by ...', '---\na: 1\n...\nBody', 'Body'],
    ['a block that is the whole text', '---\na: 1\n---', ''],
  ])('removes %s', (_name, markdown, expected) => {
    expect(stripFrontMatter(markdown)).toBe(expected);
  });

  it.each([
    ['no block', '# Title\n\n---\n\nmore'],
    ['an unclosed block (a thematic break)', '---\nnot metadata'],
    ['a block that does not start the text', '\n---\na: 1\n---\nBody'],
  ])('keeps text with %s', (_name, markdown) => {
    expect(stripFrontMatter(markdown)).toBe(markdown);
  });

  it('keeps the indentation of the first body line', () => {
    expect(stripFrontMatter('---\na: 1\n---\n\n    code\n')).toBe('    code\n');
  });
});
