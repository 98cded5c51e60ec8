import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { endpoints } from '../../../protocol/rest';
import { call, startTestServer, type TestServer } from './harness';

// Validates against the OpenAPI 3.1 JSON schema and checks references and path parameters.
const SwaggerParser = require('@apidevtools/swagger-parser') as { validate(doc: object): Promise<object> };

describe('server: OpenAPI document and docs page', () => {
  let server: TestServer & { stop(): Promise<void> };
  let document: any;

  before(async () => {
    server = await startTestServer();
    const res = await call(server, 'GET', '/openapi.json');
    assert.equal(res.status, 200);
    document = res.body;
  });

  after(() => server.stop());

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.equal(document.openapi, '3.1.0');
    await SwaggerParser.validate(structuredClone(document));
  });

  it('documents every endpoint of the protocol table, with its auth and error shape', () => {
    for (const [name, spec] of Object.entries(endpoints)) {
      const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      const operation = document.paths[path]?.[spec.method];
      assert.ok(operation, `${name}: ${spec.method.toUpperCase()} ${path}`);
      assert.equal(operation.operationId, name);
      assert.ok(operation.responses[spec.success.status], `${name} success ${spec.success.status}`);
      assert.deepEqual(operation.security, spec.auth ? undefined : [], `${name} security`);
      assert.deepEqual(operation.responses['400'].content['application/json'].schema, { $ref: '#/components/schemas/ErrorResponse' });
      if (spec.auth) assert.ok(operation.responses['401'], `${name} documents 401`);
    }
    const required = document.components.schemas.ErrorResponse.required;
    assert.deepEqual([...required].sort(), ['code', 'message', 'requestId', 'status']);
  });

  it('documents only routes the server really serves', async () => {
    for (const [path, methods] of Object.entries<any>(document.paths)) {
      for (const method of Object.keys(methods)) {
        const concrete = path.replace('/api/v1', '').replace(/\{\w+\}/g, () => randomUUID());
        const res = await call(server, method.toUpperCase(), concrete, method === 'get' || method === 'delete' ? {} : { body: {} });
        assert.ok(!(res.status === 404 && String(res.body?.message).startsWith('No route')), `${method} ${path} is not routed`);
      }
    }
  });

  it('serves a readable docs page listing every operation', async () => {
    const res = await fetch(`${server.url}/api/v1/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    for (const name of Object.keys(endpoints)) assert.ok(html.includes(`id="${name}"`), name);
    assert.ok(!/<script/i.test(html), 'no scripts: works offline and under the default CSP');
  });
});
