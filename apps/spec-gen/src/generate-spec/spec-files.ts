import { hasWebUi, type Layout } from './spec-layout';
import { kebab, pascal } from './spec-text';

/** A file the plan creates, with the component (area) whose requirements it serves. */
export interface PlannedFile {
  path: string;
  area: string;
  what: string;
  test: boolean;
  /** For entity files: the entity, so the description names the FRs that need it. */
  entity?: string;
}

/**
 * One backend part per PRD component: its NestJS-style suffix, its Python module and its Go
 * file. `test` says whether the part gets its own test file.
 */
const PARTS: Array<{ area: string; ts: string; py: string; go: string; what: string; test: boolean }> = [
  { area: 'API', ts: 'controller', py: 'routes', go: 'handler', what: 'HTTP endpoints', test: true },
  { area: 'Auth', ts: 'guard', py: 'permissions', go: 'permissions', what: 'permission checks', test: true },
  { area: 'Sync', ts: 'sync.service', py: 'sync', go: 'sync', what: 'sync and conflict handling', test: true },
  { area: 'Background jobs', ts: 'worker', py: 'tasks', go: 'worker', what: 'background job worker', test: true },
  {
    area: 'Notifications',
    ts: 'notifications',
    py: 'notifications',
    go: 'notify',
    what: 'notification sender',
    test: false,
  },
  { area: 'Search', ts: 'search', py: 'search', go: 'search', what: 'search indexing and queries', test: false },
  { area: 'File storage', ts: 'storage', py: 'storage', go: 'storage', what: 'file storage adapter', test: false },
  { area: 'Observability', ts: 'audit', py: 'audit', go: 'audit', what: 'audit log and metrics', test: false },
  { area: 'CLI', ts: 'command', py: 'cli', go: 'cli', what: 'CLI command', test: false },
];
const BACKEND_AREAS = new Set([
  'API',
  'Database',
  'Auth',
  'Sync',
  'Background jobs',
  'Notifications',
  'Search',
  'File storage',
  'Observability',
  'CLI',
  'Billing',
  'Integrations',
  'Reporting',
]);
const UI_SUFFIX = /(page|screen|toggle|button|dialog|modal|form|banner|view|widget)$/i;
/** Integrations are named after the provider the PRD names, when it names one. */
const PROVIDERS =
  /^(stripe|slack|github|twilio|sendgrid|postmark|salesforce|hubspot|jira|zapier|auth0|okta|firebase)$/i;

export interface FilePlanInput {
  feature: string;
  components: string[];
  technologies: string[];
  entities: string[];
  layout: Layout;
}

function testPath(path: string, layout: Layout): string {
  if (layout.language === 'py') return path.replace(/^(.*\/)?([^/]+)\/([^/]+)\.py$/, 'tests/$2/test_$3.py');
  if (layout.language === 'go') return path.replace(/\.go$/, '_test.go');
  return path.replace(/\.(\w+)$/, (_, ext: string) => (/x$|vue|svelte/.test(ext) ? `.test.${ext}` : `.spec.${ext}`));
}

export function planFiles(input: FilePlanInput): PlannedFile[] {
  const { components, layout, technologies, entities } = input;
  const f = kebab(input.feature) || 'feature';
  const P = pascal(input.feature) || 'Feature';
  const snake = f.replace(/-/g, '_');
  const pkg = f.replace(/-/g, '');
  const backendOnly = !['ts', 'js'].includes(layout.language);
  const backend = components.some((c) => BACKEND_AREAS.has(c)) || backendOnly;
  const script = layout.language === 'js' ? 'js' : 'ts';
  const be =
    layout.backendDir ??
    `${layout.backendRoot}/${layout.language === 'py' ? snake : layout.language === 'go' ? pkg : f}`;
  const fe = layout.frontendDir ?? `${layout.frontendRoot}/${f}`;
  const part = (name: { ts: string; py: string; go: string }, tsBase = f) =>
    layout.language === 'py'
      ? `${be}/${name.py}.py`
      : layout.language === 'go'
        ? `${be}/${name.go}.go`
        : `${be}/${tsBase}.${name.ts}.${layout.language}`;
  const files: PlannedFile[] = [];
  const add = (path: string, area: string, what: string, test: boolean, entity?: string) => {
    if (layout.existing.has(path)) return;
    files.push({ path, area, what, test: false, entity });
    if (test) files.push({ path: testPath(path, layout), area, what: `tests for the ${what}`, test: true });
  };
  // The business rules: a backend service, or a client-side module when nothing else is backend.
  if (backend)
    add(part({ ts: 'service', py: 'service', go: 'service' }), 'domain', 'service with the business rules', true);
  else add(`${fe}/${f}.${script}`, 'domain', 'state and logic module', true);
  if (components.includes('Database') || entities.length) {
    const models = entities.length ? entities : [P];
    if (layout.language === 'py') add(`${be}/models.py`, 'Database', `models for ${models.join(', ')}`, false);
    else if (layout.language === 'go') add(`${be}/model.go`, 'Database', `types for ${models.join(', ')}`, false);
    else
      for (const e of models.slice(0, 4))
        add(`${be}/${kebab(e)}.entity.${layout.language}`, 'Database', `${e} entity`, false, e);
  }
  for (const p of PARTS.filter((x) => components.includes(x.area))) {
    // An existing controller in the feature's folder is modified, not duplicated.
    if (p.area === 'API' && [...layout.existing].some((e) => /controller|routes|handler/.test(e) && e.startsWith(be)))
      continue;
    add(part(p), p.area, p.what, p.test);
  }
  if (components.includes('Integrations')) {
    const provider = technologies.find((t) => PROVIDERS.test(t));
    const name = provider ? kebab(provider) : f;
    const receiver = part({ ts: 'controller', py: 'webhooks', go: 'webhooks' }, `${name}-webhooks`);
    add(receiver, 'Integrations', `${provider ?? 'integration'} webhook receiver`, true);
  }
  const ui = layout.uiExt;
  if (hasWebUi(technologies, components) && ui === 'html')
    add(`${be}/templates/${snake}.html`, 'UI', 'page template', false);
  else if (hasWebUi(technologies, components)) {
    const name = layout.frontendDir || UI_SUFFIX.test(P) ? P : `${P}Page`;
    add(`${fe}/${name}.${ui}`, 'UI', 'UI component', true);
  }
  if (components.includes('Mobile')) add(`${layout.mobileRoot}/${f}/${P}Screen.${ui}`, 'Mobile', 'mobile screen', true);
  if (components.includes('Sync') && components.some((c) => c === 'Mobile' || c === 'UI')) {
    const clientRoot = components.includes('Mobile') ? `${layout.mobileRoot}/${f}` : fe;
    add(`${clientRoot}/${f}.offline-store.${script}`, 'Sync', 'on-device store and outbox of pending changes', true);
  }
  if (components.includes('Admin')) add(`${fe}/admin/${P}Admin.${ui}`, 'Admin', 'admin screen', false);
  return files;
}
