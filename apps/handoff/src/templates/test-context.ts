import { HandoffContext, HandoffTicketVar } from '../render-handoff/handoff-context';

/**
 * A realistic handoff context for template tests: a password-reset epic with two specs, seven
 * tasks in dependency order (several blocked) and codebase files. The markdown deliberately
 * holds `<`, `&` and backticks, which a handoff must pass through unescaped.
 */

const ticket = (fields: Partial<HandoffTicketVar> & Pick<HandoffTicketVar, 'key' | 'title'>): HandoffTicketVar => ({
  level: 'task',
  kind: 'feature',
  priority: 'medium',
  estimatedEffort: '3h',
  status: 'open',
  blockedBy: [],
  files: [],
  acceptanceCriteria: [],
  content: `${fields.title}, as described in "Password reset: backend". Keep the existing auth module's structure.`,
  ...fields,
});

const TICKETS: HandoffTicketVar[] = [
  ticket({
    key: 'PR-2',
    title: 'Add password_reset_tokens table',
    kind: 'chore',
    priority: 'high',
    estimatedEffort: '2h',
    files: ['src/migrations/1720000000000-password-reset-tokens.ts', 'src/auth/reset-token.entity.ts'],
    acceptanceCriteria: ['Tokens are stored hashed (SHA-256), never in clear', 'A token row expires after 30 minutes'],
    content: 'Create the table with `user_id`, `token_hash`, `expires_at` & `used_at`.',
  }),
  ticket({
    key: 'PR-3',
    title: 'Issue reset tokens on request',
    priority: 'high',
    estimatedEffort: '4h',
    blockedBy: ['PR-2'],
    files: ['src/auth/password-reset.service.ts'],
    acceptanceCriteria: [
      'POST /auth/password-reset answers 202 whether or not the email exists',
      'At most 3 requests per email per hour (429 after that)',
    ],
    content: 'Return `Promise<void>`; when `attempts > 3 && !isAdmin` answer 429.',
  }),
  ticket({
    key: 'PR-4',
    title: 'Send the reset email',
    estimatedEffort: '3h',
    blockedBy: ['PR-3'],
    files: ['src/mail/templates/password-reset.mjml', 'src/mail/mailer.service.ts'],
    acceptanceCriteria: ['The link contains the raw token once and expires with it'],
  }),
  ticket({
    key: 'PR-5',
    title: 'Reset the password with a valid token',
    priority: 'high',
    estimatedEffort: '4h',
    blockedBy: ['PR-2', 'PR-3'],
    files: ['src/auth/password-reset.controller.ts', 'src/auth/password-reset.service.ts'],
    acceptanceCriteria: ['A used or expired token answers 410', 'All sessions of the user are revoked after a reset'],
  }),
  ticket({
    key: 'PR-6',
    title: 'Reset form in the web app',
    kind: 'ui',
    estimatedEffort: '5h',
    blockedBy: ['PR-5'],
    files: ['web/src/pages/reset-password.tsx'],
    acceptanceCriteria: ['Password strength feedback before submit', 'Errors 410 and 429 are explained to the user'],
  }),
  ticket({
    key: 'PR-7',
    title: 'Audit-log password resets',
    priority: 'low',
    estimatedEffort: '1h',
    status: 'blocked',
    blockedBy: ['PR-5'],
    files: ['src/audit/audit.service.ts'],
  }),
  ticket({
    key: 'PR-8',
    title: 'End-to-end test of the reset flow',
    kind: 'test',
    estimatedEffort: '3h',
    blockedBy: ['PR-4', 'PR-5', 'PR-6'],
    acceptanceCriteria: ['Request → email → reset → login with the new password, against a real mail catcher'],
  }),
];

export function testContext(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    epicTitle: 'Password reset via email',
    epicId: 'PR-1',
    timestamp: '2025-03-14T09:30:00.000Z',
    author: 'ada@example.com',
    agentType: 'cursor',
    workflowId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
    specs: [
      {
        id: 'spec-auth',
        title: 'Password reset: backend',
        version: 2,
        content:
          '## Goal\n\nUsers who forgot their password reset it by email.\n\n## Rules\n\n- Tokens live < 30 min & are single-use\n- `POST /auth/password-reset` never reveals whether an account exists',
      },
      {
        id: 'spec-web',
        title: 'Password reset: web',
        version: 1,
        content: '## Screens\n\n1. "Forgot password?" link on the login page\n2. Reset form with strength meter',
      },
    ],
    tickets: TICKETS,
    codebaseContext: 'NestJS API with TypeORM on Postgres; React web app built with Vite.',
    totalFiles: 412,
    totalLines: 38_250,
    languages: ['TypeScript', 'SQL'],
    codebaseFiles: [
      {
        path: 'src/auth/auth.service.ts',
        language: 'TypeScript',
        loc: 240,
        symbols: ['AuthService', 'login', 'logout'],
      },
      {
        path: 'src/auth/session.repository.ts',
        language: 'TypeScript',
        loc: 96,
        symbols: ['SessionRepository', 'revokeAll'],
      },
      { path: 'src/users/user.entity.ts', language: 'TypeScript', loc: 58, symbols: ['UserEntity', 'passwordHash'] },
    ],
    dependencies: ['@nestjs/core', 'typeorm', 'nodemailer'],
    ...overrides,
  };
}

/** The same plan without any codebase context (the client sent none). */
export const testContextWithoutCodebase = (): HandoffContext =>
  testContext({
    codebaseContext: '',
    totalFiles: 0,
    totalLines: 0,
    languages: [],
    codebaseFiles: [],
    dependencies: [],
  });
