import type { OpenApiDocument } from './openapi-document';

type Json = Record<string, unknown>;

const escape = (value: unknown) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const refName = (schema: unknown) => {
  const target = (schema as { $ref?: string } | undefined)?.$ref;
  return target ? target.slice(target.lastIndexOf('/') + 1) : undefined;
};

const schemaLink = (schema: unknown) => {
  const name = refName(schema);
  return name
    ? `<a href="#schema-${escape(name)}">${escape(name)}</a>`
    : `<code>${escape(JSON.stringify(schema))}</code>`;
};

function parametersTable(parameters: Json[]): string {
  if (!parameters.length) return '';
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td>` +
        `<td><code>${escape(JSON.stringify(p.schema))}</code></td><td>${escape(p.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>${rows}</table>`;
}

function operationHtml(path: string, method: string, op: Json): string {
  const body = op.requestBody as { required?: boolean; content?: Record<string, { schema: unknown }> } | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, r]) => {
      const content = Object.entries((r.content ?? {}) as Record<string, { schema: unknown }>)
        .map(([type, c]) => `${schemaLink(c.schema)} <small>(${escape(type)})</small>`)
        .join(', ');
      const headers = Object.keys((r.headers ?? {}) as Json).join(', ');
      return (
        `<tr><td>${escape(status)}</td><td>${escape(r.description ?? '')}</td><td>${content}</td>` +
        `<td>${escape(headers)}</td></tr>`
      );
    })
    .join('');
  const secured = Array.isArray(op.security) && op.security.length > 0;
  return `<section class="op" id="${escape(op.operationId)}">
<h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p><strong>${escape(op.summary ?? '')}</strong>${op.description ? ` ${escape(op.description)}` : ''}</p>
<p>${secured ? 'API key required (Bearer or X-API-Key).' : 'No authentication.'}${op['x-undocumented'] ? ' <em>Not yet described.</em>' : ''}</p>
${parametersTable((op.parameters ?? []) as Json[])}
${
  body?.content
    ? `<h4>Request body${body.required ? '' : ' (optional)'}</h4><p>${Object.entries(body.content)
        .map(([type, c]) => `${schemaLink(c.schema)} <small>(${escape(type)})</small>`)
        .join(', ')}</p>`
    : ''
}
<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>body</th><th>headers</th></tr>${responses}</table>
</section>`;
}

/** A self-contained, readable page of the document: no scripts, no CDN, rendered here. */
export function renderOpenApiHtml(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => operationHtml(path, method, op)))
    .join('\n');
  const index = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<li><a href="#${escape(op.operationId)}"><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> ${escape(path)}</a> ${escape(op.summary ?? '')}</li>`,
      ),
    )
    .join('');
  const schemas = Object.entries(doc.components.schemas)
    .map(
      ([name, schema]) =>
        `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3><pre>${escape(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} ${escape(doc.info.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f5;padding:.75rem;overflow:auto}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.op{border-top:1px solid #ccc;padding-top:.5rem}.method{font-weight:bold;padding:0 .3rem;border-radius:3px;color:#fff;background:#666}
.get{background:#2a7}.post{background:#27c}.put,.patch{background:#c72}.delete{background:#c33}ul{list-style:none;padding:0}
</style></head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)} · OpenAPI ${escape(doc.openapi)}</small></h1>
<p>${escape(doc.info.description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a></p>
<h2>Operations</h2><ul>${index}</ul>
${operations}
<h2>Schemas</h2>
${schemas}
</body></html>
`;
}
