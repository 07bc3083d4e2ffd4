/**
 * Areas of a system a PRD touches, detected from headings and body words. The output order
 * is this table's order, so two readings of one text always list components alike.
 * Case-sensitive patterns are for words that are ordinary English in lower case (REST).
 */
const COMPONENTS: [string, RegExp[]][] = [
  ['API', [/\b(APIs?|REST(ful)?|GraphQL|gRPC)\b/, /\b(api|endpoints?|controllers?)\b/i]],
  [
    'Database',
    [
      /\b(databases?|db|migrations?|data model|schema changes?|new tables?|postgres(ql)?|mysql|sqlite|mongodb|dynamodb|indexeddb|persist\w*)\b/i,
    ],
  ],
  [
    'UI',
    [/\b(ui|pages?|screens?|front-?end|web app|buttons?|modals?|dialogs?|react|vue|angular|svelte|dashboards?)\b/i],
  ],
  ['Mobile', [/\b(mobile|ios|android|react native|flutter|phones?|tablets?)\b/i]],
  [
    'Auth',
    [
      /\b(auth|authentication|authori[sz]ation|log ?in|logging in|logged in|sign[- ]?in|roles?|sign[- ]?up|sso|saml|oauth|oidc|permissions?|rbac|access control|passwords?|2fa|mfa)\b/i,
    ],
  ],
  [
    'Billing',
    [
      /\b(billing|invoices?|invoicing|subscriptions?|payments?|stripe|pricing|prorat\w*|checkout|refunds?|dunning|seat-based)\b/i,
    ],
  ],
  ['Notifications', [/\b(notifications?|notify|emails?|e-mails?|emailed|sms|push notifications?|digests?)\b/i]],
  ['Search', [/\b(search|full-text|elasticsearch|opensearch|autocomplete)\b/i]],
  ['Reporting', [/\b(reports?|reporting|analytics|charts?)\b/i]],
  ['Integrations', [/\b(integrations?|webhooks?|third-party|slack|zapier|salesforce|hubspot|jira|github)\b/i]],
  ['Sync', [/\b(sync|syncs|synced|syncing|synchroni[sz]\w*|offline|conflict resolution)\b/i]],
  ['File storage', [/\b(uploads?|attachments?|S3|blob storage|file storage|object storage)\b/i]],
  ['CLI', [/\b(CLI)\b/, /\b(command[- ]line|terminal)\b/i]],
  [
    'Background jobs',
    [/\b(background (jobs?|tasks?|workers?)|job queues?|queues?|workers?|cron|scheduled jobs?|batch jobs?)\b/i],
  ],
  ['Admin', [/\b(admin (panel|console|dashboard|ui|pages?|area)|back[- ]?office|administration)\b/i]],
  ['Observability', [/\b(audit (logs?|trails?)|logging(?! in)|monitoring|metrics|tracing|alerting|observability)\b/i]],
];

/** Components mentioned anywhere in `texts`, in table order; ['Core'] when none is. */
export function detectComponents(texts: string[]): string[] {
  const all = texts.join('\n');
  const found = COMPONENTS.filter(([, patterns]) => patterns.some((p) => p.test(all))).map(([name]) => name);
  return found.length > 0 ? found : ['Core'];
}
