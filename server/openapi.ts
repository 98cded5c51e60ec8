import { z } from 'zod';
import { API_PREFIX, endpoints, ErrorResponse, type EndpointSpec } from '../protocol/rest';

type JsonObject = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_JSON, DIMENSION_MISMATCH, ...)',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Authenticated but not allowed (role too low)',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'Body is not JSON',
  429: 'Rate limited; see the Retry-After header',
  500: 'Internal error; the request id identifies it in the server log',
  503: 'A dependency is unavailable; see Retry-After when present',
};

function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonObject;
  return schema;
}

/** Path and query parameters from the properties of an object schema. */
function parameters(spec: EndpointSpec): JsonObject[] {
  const out: JsonObject[] = [];
  for (const [location, type] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!type) continue;
    const schema = schemaOf(type, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: location,
        required: location === 'path' || (schema.required ?? []).includes(name),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  return out;
}

function operation(name: string, spec: EndpointSpec): JsonObject {
  const errorStatuses = [...new Set([400, ...(spec.auth ? [401] : []), 429, 500, ...spec.errors])].sort();
  const responses: JsonObject = {
    [spec.success.status]: spec.success.schema
      ? { description: spec.success.description, content: { 'application/json': { schema: schemaOf(spec.success.schema, 'output') } } }
      : { description: spec.success.description },
  };
  for (const status of errorStatuses) {
    responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
  }
  return {
    operationId: name,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.auth ? {} : { security: [] }),
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API, built from the same zod schemas the server validates with. */
export function buildOpenApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [name, spec] of Object.entries(endpoints) as [string, EndpointSpec][]) {
    const path = API_PREFIX + spec.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: operation(name, spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mobius team server',
      version,
      description: 'Shared code index for a team: projects, ingest through the same chunker as the local engine, hybrid search. See docs/server.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'health', description: 'Liveness and readiness probes' },
      { name: 'auth', description: 'Login, users and API keys' },
      { name: 'projects', description: 'Projects and their members' },
      { name: 'contexts', description: 'Ingest and read the chunks of a project' },
      { name: 'jobs', description: 'Background ingest jobs' },
      { name: 'search', description: 'Hybrid search' },
    ],
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A login access token (JWT) or an API key (mbx_...)' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (mbx_...)' },
      },
      schemas: { ErrorResponse: schemaOf(ErrorResponse, 'output') },
    },
    paths,
  };
}
