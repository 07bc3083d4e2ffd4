/**
 * Non-functional categories and the words that signal them. The words are specific on
 * purpose (measurable targets, named standards): a functional requirement that merely says
 * "secure" or "fast" in passing should stay functional as rarely as possible, and one that
 * names p95, PCI or WCAG really is a quality requirement. Checked in this order.
 */
const CATEGORIES: [string, RegExp][] = [
  [
    'performance',
    /\b(performance|latency|p50|p9[059]|throughput|response times?|milliseconds?|within \d[\d,.]*\s*(ms|s|sec|seconds?|minutes?)|under \d[\d,.]*\s*(ms|s|sec|seconds?)|\d[\d,.]*\s?ms)\b/i,
  ],
  [
    'security',
    /\b(security|encrypt\w*|decrypt\w*|tls|owasp|vulnerabilit\w*|secrets?|csrf|xss|sql injection|card numbers?|cardholder|tokeni[sz]\w*|2fa|mfa|signature verification|verify\w* signatures?)\b/i,
  ],
  [
    'availability',
    /\b(availability|uptime|sla|slo|99\.\d+\s?%|failover|disaster recovery|rpo|rto|redundan\w*|downtime|high[- ]availab\w*|reliability)\b/i,
  ],
  ['scalability', /\b(scalab\w*|scale to|scales to|concurrent users|horizontal(ly)? scal\w*|10x)\b/i],
  ['accessibility', /\b(accessib\w*|wcag|a11y|screen readers?|keyboard navigation|aria|colou?r contrast)\b/i],
  [
    'compliance',
    /\b(compliance|compliant|gdpr|ccpa|hipaa|soc ?2|pci(?:[- ]dss)?|privacy|pii|personal data|data retention|right to be forgotten|iso ?27001)\b/i,
  ],
  ['observability', /\b(observability|audit (logs?|trails?)|logging(?! in)|metrics|tracing|monitoring|alerting)\b/i],
  ['usability', /\b(usability|user[- ]friendly|intuitive|easy to use|learnab\w*)\b/i],
];

/** The first category whose words appear in the text, or null. */
export function nfrCategoryOf(text: string): string | null {
  for (const [category, pattern] of CATEGORIES) if (pattern.test(text)) return category;
  return null;
}
