// npm run docs:events — rewrites the generated catalog block in docs/events.md from the zod
// contracts (a unit test fails when the two disagree).
import fs from 'node:fs';
import path from 'node:path';
import { require, root } from './lib.mjs';

const { renderEventCatalog, CATALOG_BEGIN, CATALOG_END } = require('@flowguard/contracts');
const file = path.join(root, 'docs', 'events.md');
const doc = fs.readFileSync(file, 'utf8');
const start = doc.indexOf(CATALOG_BEGIN);
const end = doc.indexOf(CATALOG_END);
if (start < 0 || end < 0) {
  console.error(`docs:events: ${file} lacks the catalog markers`);
  process.exit(1);
}
fs.writeFileSync(file, doc.slice(0, start) + renderEventCatalog() + doc.slice(end + CATALOG_END.length));
console.log('docs/events.md updated');
