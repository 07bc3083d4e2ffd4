import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPrd } from './read-prd';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/prds', name), 'utf8');

const texts = (items: { text: string }[]): string[] => items.map((i) => i.text);

describe('readPrd: structure', () => {
  it('reads ATX headings into sections with their level, paragraphs and bullets', () => {
    const doc = readPrd(
      '# Search\n\nFind anything fast.\nAcross every board.\n\n## Requirements\n\n- Index titles\n* Index comments\n1. Rank by recency\n',
    );
    expect(doc.sections).toEqual([
      { heading: 'Search', level: 1, text: 'Find anything fast. Across every board.', bullets: [] },
      { heading: 'Requirements', level: 2, text: '', bullets: ['Index titles', 'Index comments', 'Rank by recency'] },
    ]);
  });

  it('reads setext headings, task lists, continuation lines and strips inline markup', () => {
    const doc = readPrd(
      'Export\n======\n\nFeatures\n--------\n\n- [ ] Download **all** rows from\n  the `reports` table\n- [x] Link to [docs](https://x.test)\n',
    );
    expect(doc.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Export', 1],
      ['Features', 2],
    ]);
    expect(doc.sections[1].bullets).toEqual(['Download all rows from the reports table', 'Link to docs']);
  });

  it('ignores fenced code and reads table rows (not the header) as items', () => {
    const doc = readPrd(
      '## Requirements\n\n```sh\nthe cli must never run this\n```\n\n| Plan | Price |\n|---|---|\n| Team | $8 per seat |\n',
    );
    expect(texts(doc.requirements)).toEqual(['Team; $8 per seat']);
  });

  it('treats a short "Label:" line in plain text as a heading and the lines under it as items', () => {
    const doc = readPrd('Notes sync\n\nRequirements:\nWorks offline\nSyncs when back online\n');
    expect(doc.sections).toEqual([
      { heading: 'Requirements', level: 2, text: '', bullets: ['Works offline', 'Syncs when back online'] },
    ]);
    expect(texts(doc.requirements)).toEqual(['Works offline', 'Syncs when back online']);
  });

  it('takes the title from the first heading, else the first sentence cut to 120 characters', () => {
    expect(readPrd('Intro line.\n\n# Real title\n').title).toBe('Real title');
    expect(readPrd('Add CSV export to the reports page. Then more.').title).toBe('Add CSV export to the reports page');
    const long = readPrd(`${'word '.repeat(60)}end.`).title;
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('summarises with the first two sentences of the first paragraph that is not the title', () => {
    expect(readPrd('# T\n\nOne. Two. Three.\n\nFour.').summary).toBe('One. Two.');
    expect(readPrd('Jot notes\n\nWorks offline. Syncs later. Encrypts.').summary).toBe('Works offline. Syncs later.');
  });

  it('splits sentences without breaking abbreviations, decimals or file names', () => {
    const doc = readPrd('Use a store, e.g. Redis 7.2 for now. Edit src/app.module.ts first. It must be fast.');
    expect(doc.requirements).toHaveLength(1);
    expect(doc.requirements[0].text).toBe('It must be fast.');
    expect(readPrd('Use a store, e.g. Redis 7.2. It MAY cache.').summary).toBe(
      'Use a store, e.g. Redis 7.2. It MAY cache.',
    );
  });

  it('ends a sentence at a line break only when the next line starts a new thought', () => {
    const doc = readPrd('Payments must go through\nStripe and never touch our servers\nRefunds should be manual\n');
    expect(texts(doc.requirements)).toEqual([
      'Payments must go through Stripe and never touch our servers',
      'Refunds should be manual',
    ]);
  });

  it('counts words, not markdown markers', () => {
    expect(readPrd('# Title\n\n- one two\n- three | four').wordCount).toBe(5);
  });
});

describe('readPrd: requirement levels', () => {
  it.each([
    ['The API must reject expired tokens.', 'MUST'],
    ['The API SHALL log every call.', 'MUST'],
    ['A reason is REQUIRED for refunds.', 'MUST'],
    ['The job needs to finish overnight.', 'MUST'],
    ['Exports should include totals.', 'SHOULD'],
    ['Caching is RECOMMENDED for lists.', 'SHOULD'],
    ['Users may pick a theme.', 'MAY'],
    ['We could add dark mode.', 'MAY'],
    ['An avatar is optional.', 'MAY'],
    ['Keyboard shortcuts are nice to have.', 'MAY'],
  ])('%s → %s', (sentence, level) => {
    expect(readPrd(`Intro.\n\n${sentence}`).requirements).toEqual([
      { text: sentence, level, source: 'modal', section: null, userStory: null },
    ]);
  });

  it('keeps "must not" as a MUST with its negation in the text', () => {
    expect(readPrd('Intro. Admins must not delete paid invoices.').requirements[0]).toMatchObject({
      text: 'Admins must not delete paid invoices.',
      level: 'MUST',
    });
  });

  it('matches whole words only, ignores the month May, and lets the strongest keyword win', () => {
    const doc = readPrd('Mustard is shipped in May 2025. Clients may retry but must back off.');
    expect(doc.requirements).toEqual([
      expect.objectContaining({ text: 'Clients may retry but must back off.', level: 'MUST' }),
    ]);
  });

  it('reads plain bullets by their heading: requirements MUST, nice to have SHOULD, could have MAY, goals nothing', () => {
    const doc = readPrd(
      [
        '# Boards',
        '## Goals',
        '- Happier teams',
        '## Functional requirements',
        '- Create boards',
        '### Sharing',
        '- Share by link',
        '## Acceptance criteria',
        '- A shared link opens read-only',
        '## Nice to have',
        '- Board templates',
        '## Could have',
        '- Board emojis',
      ].join('\n'),
    );
    expect(doc.requirements.map((r) => [r.text, r.level, r.source, r.section])).toEqual([
      ['Create boards', 'MUST', 'bullet', 'Functional requirements'],
      ['Share by link', 'MUST', 'bullet', 'Sharing'],
      ['A shared link opens read-only', 'MUST', 'bullet', 'Acceptance criteria'],
      ['Board templates', 'SHOULD', 'bullet', 'Nice to have'],
      ['Board emojis', 'MAY', 'bullet', 'Could have'],
    ]);
  });

  it('does not let a requirement-sounding title turn the whole document into requirements', () => {
    const doc = readPrd('# Billing requirements\n\n## Overview\n\n- Context bullet\n\n## Scope\n\n- Invoices\n');
    expect(texts(doc.requirements)).toEqual(['Invoices']);
  });

  it('deduplicates case- and space-insensitively, keeping document order', () => {
    const doc = readPrd('## Requirements\n- Export  CSV\n- Import JSON\n- export csv.\n- Export CSV');
    expect(texts(doc.requirements)).toEqual(['Export CSV', 'Import JSON']);
  });

  it('turns a goal that states no requirement into one MUST requirement', () => {
    expect(readPrd('Add CSV export to the reports page').requirements).toEqual([
      { text: 'Add CSV export to the reports page', level: 'MUST', source: 'bullet', section: null, userStory: null },
    ]);
  });

  it('reads an empty text without throwing', () => {
    expect(readPrd('')).toMatchObject({ title: '', summary: '', requirements: [], components: ['Core'], wordCount: 0 });
  });
});

describe('readPrd: user stories', () => {
  it('parses "As a/an <role>, I want <want> so that <benefit>" and uses the want as the requirement', () => {
    const doc = readPrd(
      '## User stories\n- As an admin, I want to export invoices so that finance can reconcile.\n- as a guest I want to be able to browse boards\n',
    );
    expect(doc.userStories).toEqual([
      {
        role: 'admin',
        want: 'export invoices',
        benefit: 'finance can reconcile',
        text: 'As an admin, I want to export invoices so that finance can reconcile.',
      },
      { role: 'guest', want: 'browse boards', benefit: null, text: 'as a guest I want to be able to browse boards' },
    ]);
    expect(doc.requirements.map((r) => [r.text, r.level, r.source, r.userStory?.role])).toEqual([
      ['export invoices', 'MUST', 'user-story', 'admin'],
      ['browse boards', 'MUST', 'user-story', 'guest'],
    ]);
  });
});

describe('readPrd: non-functional requirements', () => {
  it('classifies by keyword anywhere and keeps them out of the functional list', () => {
    const doc = readPrd(
      'Intro.\n\nSearch must answer in under 200 ms. Data must be encrypted at rest. Pages should meet WCAG 2.1 AA. Users must be able to search.',
    );
    expect(doc.nonFunctional.map((r) => [r.category, r.level])).toEqual([
      ['performance', 'MUST'],
      ['security', 'MUST'],
      ['accessibility', 'SHOULD'],
    ]);
    expect(texts(doc.requirements)).toEqual(['Users must be able to search.']);
  });

  it('classifies by heading: a quality heading names the category, a generic one gives "general"', () => {
    const doc = readPrd(
      '## Non-functional requirements\n- Webhooks processed p95 < 2 s\n- Runs on one node\n### Availability\n- Survive a zone outage\n## Security\n- Verify every signature\n',
    );
    expect(doc.nonFunctional.map((r) => [r.text, r.category, r.source])).toEqual([
      ['Webhooks processed p95 < 2 s', 'performance', 'bullet'],
      ['Runs on one node', 'general', 'bullet'],
      ['Survive a zone outage', 'availability', 'bullet'],
      ['Verify every signature', 'security', 'bullet'],
    ]);
    // Every sentence was read as non-functional, so no goal sentence is left to fall back on.
    expect(doc.requirements).toEqual([]);
  });
});

describe('readPrd: scope, questions, components, technologies', () => {
  it('collects out-of-scope items from Non-goals / Out of scope / Not in scope headings and inline mentions', () => {
    const doc = readPrd(
      '## Non-goals\n- Mobile app\n## Out of scope\n- Annual plans must wait\n## Not in scope\n- SSO\n\nOut of scope: PDF export. Sharing is out of scope for v1.',
    );
    expect(doc.outOfScope).toEqual([
      'Mobile app',
      'Annual plans must wait',
      'SSO',
      'PDF export.',
      'Sharing is out of scope for v1.',
    ]);
    expect(doc.requirements.map((r) => r.text)).not.toContain('Annual plans must wait');
  });

  it('collects sentences ending in "?" and every bullet under Open questions, never as requirements', () => {
    const doc = readPrd(
      'Should we support SSO? Login must work.\n\n## Open questions\n- Currency list TBD\n- Do we charge guests?',
    );
    expect(doc.openQuestions).toEqual(['Should we support SSO?', 'Currency list TBD', 'Do we charge guests?']);
    expect(texts(doc.requirements)).toEqual(['Login must work.']);
  });

  it('detects components in a fixed order, skips out-of-scope text, and falls back to Core', () => {
    const doc = readPrd(
      '## Scope\n- Send an email when the invoice is paid\n- New REST endpoint\n## Non-goals\n- Search',
    );
    expect(doc.components).toEqual(['API', 'Billing', 'Notifications']);
    expect(readPrd('Make it nicer.').components).toEqual(['Core']);
  });

  it('names technologies in canonical casing, once, in order of first mention', () => {
    const doc = readPrd(
      'Store in postgres (PostgreSQL 16) behind a graphql API; cache in REDIS; deploy on k8s. Take a rest.',
    );
    expect(doc.technologies).toEqual(['PostgreSQL', 'GraphQL', 'Redis', 'Kubernetes']);
  });
});

describe('readPrd: fixtures and determinism', () => {
  it('reads team-billing.md: stories, MUST/SHOULD requirements, NFRs, non-goals and open questions', () => {
    const doc = readPrd(fixture('team-billing.md'));
    expect(doc.title).toBe('Team billing for Tallyboard');
    expect(doc.userStories.map((s) => s.role)).toEqual([
      'workspace owner',
      'workspace owner',
      'billing admin',
      'team member',
    ]);
    expect(doc.requirements).toContainEqual(
      expect.objectContaining({
        text: 'Every paid invoice MUST be available as a PDF from the Billing settings page.',
        level: 'MUST',
        section: 'Invoices',
      }),
    );
    expect(doc.requirements).toContainEqual(
      expect.objectContaining({
        text: 'Downgrades SHOULD take effect at the end of the current billing period instead of issuing credit.',
        level: 'SHOULD',
      }),
    );
    expect(doc.nonFunctional.map((r) => r.category)).toEqual(
      expect.arrayContaining(['security', 'performance', 'observability', 'accessibility']),
    );
    expect(doc.outOfScope).toContain('Supporting payment providers other than Stripe.');
    expect(doc.openQuestions).toHaveLength(3);
    expect(doc.technologies).toEqual(expect.arrayContaining(['Stripe', 'PostgreSQL', 'React', 'Redis']));
    expect(doc.components).toEqual(expect.arrayContaining(['Billing', 'Notifications', 'Integrations']));
  });

  it('reads csv-export.md: filters, headers and the 50k-rows background job', () => {
    const doc = readPrd(fixture('csv-export.md'));
    expect(doc.requirements.map((r) => [r.text.slice(0, 40), r.level])).toEqual([
      ['export the report I am looking at as a C', 'MUST'],
      ['Exports MUST respect the current filters', 'MUST'],
      ['Column headers MUST match the on-screen ', 'MUST'],
      ['Dates MUST be written as ISO 8601 and nu', 'MUST'],
      ['Files larger than 50k rows SHOULD be gen', 'SHOULD'],
      ['The export button SHOULD be disabled whi', 'SHOULD'],
      ['Users MAY choose semicolon instead of co', 'MAY'],
    ]);
    expect(doc.technologies).toEqual(['TypeScript', 'React', 'Node.js', 'REST', 'Express']);
    expect(doc.outOfScope).toEqual(['Excel (.xlsx) and PDF formats.', 'Scheduled exports.']);
  });

  it('reads offline-notes.md (plain text): offline sync MUST, conflicts SHOULD, encryption as security', () => {
    const doc = readPrd(fixture('offline-notes.md'));
    expect(doc.title).toBe('Jot: an offline-first notes app for iOS and Android');
    expect(doc.sections).toEqual([]);
    expect(doc.requirements.map((r) => r.level)).toEqual(['MUST', 'SHOULD', 'MAY']);
    expect(doc.requirements[1].text).toMatch(/conflict resolution should keep both versions/);
    expect(doc.nonFunctional).toContainEqual(
      expect.objectContaining({ category: 'security', text: expect.stringMatching(/^End-to-end encryption must/) }),
    );
    expect(doc.components).toEqual(expect.arrayContaining(['Mobile', 'Sync']));
    expect(doc.openQuestions).toEqual(['Do photo attachments need to work offline too?']);
  });

  it('gives the same document for the same text, every time', () => {
    for (const name of ['team-billing.md', 'csv-export.md', 'offline-notes.md']) {
      const text = fixture(name);
      expect(readPrd(text)).toEqual(readPrd(text));
      expect(JSON.stringify(readPrd(text))).toBe(JSON.stringify(readPrd(text)));
    }
  });
});
