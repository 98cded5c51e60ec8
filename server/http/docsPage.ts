type JsonObject = Record<string, any>;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

function operationHtml(path: string, method: string, op: JsonObject): string {
  const params = (op.parameters as JsonObject[]).map(
    (p) => `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${escape(p.description ?? '')}</td></tr>`,
  );
  const responses = Object.entries(op.responses as JsonObject).map(
    ([status, r]) => `<li><b>${status}</b> ${escape(r.description)}${r.content && !r.content['application/json'].schema.$ref ? `<details><summary>schema</summary>${json(r.content['application/json'].schema)}</details>` : ''}</li>`,
  );
  const body = op.requestBody ? `<details><summary>request body</summary>${json(op.requestBody.content['application/json'].schema)}</details>` : '';
  return `<section id="${escape(op.operationId)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
  <p>${escape(op.summary)}${op.security ? ' <i>(no authentication)</i>' : ''}</p>
  ${params.length ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>${params.join('')}</table>` : ''}
  ${body}<ul>${responses.join('')}</ul>
</section>`;
}

/** A self-contained reference page (no scripts, no CDN) rendered from the OpenAPI document. */
export function renderDocsPage(doc: JsonObject): string {
  const sections = Object.entries(doc.paths as JsonObject).flatMap(([path, methods]) =>
    Object.entries(methods as JsonObject).map(([method, op]) => operationHtml(path, method, op)),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
code,pre{font-family:ui-monospace,monospace}pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:12px}
section{border-top:1px solid #ddd;padding:.4em 0}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left}
.m{display:inline-block;min-width:4.5em;font-size:12px;padding:2px 6px;border-radius:3px;color:#fff;background:#666}
.get{background:#2b7a3d}.post{background:#1f5fa8}.patch{background:#a36a00}.delete{background:#a8321f}
</style></head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description)} Machine-readable: <a href="openapi.json">openapi.json</a>.
Authenticate with <code>Authorization: Bearer &lt;token or mbx_ API key&gt;</code>.
Every error answers <code>{status, code, message, requestId, details?}</code>.</p>
${sections.join('\n')}
</body></html>`;
}
