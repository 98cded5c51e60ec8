// The team server's REST API (/api/v1): request and response schemas (zod) and their DTO types.
// The server validates with these and builds its OpenAPI document from them; the daemon's sync
// client imports the same declarations, so both sides agree on every field.
import { z } from 'zod';
import { CHUNK_KINDS, LANGUAGES } from './engine';

export const API_PREFIX = '/api/v1';
/** Every API key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = 'mbx_';
/** Largest file the server parses; the daemon skips larger files too. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_FILES_PER_INGEST = 1000;
export const MAX_VECTOR_DIMENSION = 4096;

// ---------------------------------------------------------------------------------------------
// Errors

export const ERROR_CODES = [
  'VALIDATION_FAILED', 'INVALID_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE',
  'AUTH_REQUIRED', 'INVALID_CREDENTIALS', 'INVALID_TOKEN', 'TOKEN_EXPIRED',
  'INVALID_API_KEY', 'API_KEY_REVOKED', 'API_KEY_EXPIRED', 'FORBIDDEN', 'NOT_FOUND',
  'EMAIL_TAKEN', 'PROJECT_NAME_TAKEN', 'ALREADY_MEMBER', 'LAST_OWNER', 'JOB_FINISHED',
  'DIMENSION_MISMATCH', 'UNKNOWN_MODEL', 'EMBEDDER_UNAVAILABLE', 'RATE_LIMITED',
  'JOBS_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'SHUTTING_DOWN', 'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorDetail = z.object({
  /** Dotted location of the offending input, e.g. `body.files.0.path`. */
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The one shape of every error response. */
export const ErrorResponse = z.object({
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  requestId: z.string(),
  details: z.array(ErrorDetail).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ---------------------------------------------------------------------------------------------
// Shared pieces

export const Uuid = z.uuid({ error: 'must be a UUID' });
const Timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');

const SEGMENT_PROBLEMS: [(segment: string) => boolean, string][] = [
  [(s) => s === '..', 'must not contain ".." segments (path traversal)'],
  [(s) => s === '' || s === '.', 'must not contain empty or "." segments'],
];

/** A file path relative to the project root, with forward slashes, that cannot escape it. */
export const RelativePath = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((path, ctx) => {
    const problem = path.includes('\0')
      ? 'must not contain NUL bytes'
      : path.includes('\\')
        ? 'must use forward slashes'
        : path.startsWith('/') || /^[A-Za-z]:/.test(path)
          ? 'must be relative to the project root'
          : SEGMENT_PROBLEMS.find(([test]) => path.split('/').some(test))?.[1];
    if (problem) ctx.addIssue({ code: 'custom', message: `path ${problem}` });
  })
  .describe('Path relative to the project root, with forward slashes');

/** A branch, tag or other ref name (git's rules, simplified). */
export const RefName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._/-]+$/, 'ref may contain only letters, digits and . _ / -')
  .refine((ref) => !ref.split('/').some((s) => s === '' || s === '.' || s === '..'), 'ref has an empty, "." or ".." segment');

export const Language = z.enum(LANGUAGES);
export const ChunkKind = z.enum(CHUNK_KINDS);

const Offset = z.coerce.number().int().min(0).max(1_000_000).default(0);
const pageLimit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** A free-text field without control characters (newlines and tabs allowed). */
const PlainText = (max: number) =>
  z.string().max(max).refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'must not contain control characters');

export const IdParams = z.object({ id: Uuid });
export const ProjectParams = z.object({ projectId: Uuid });
export const MemberParams = z.object({ projectId: Uuid, userId: Uuid });
export const ContextParams = z.object({ projectId: Uuid, contextId: Uuid });
export const JobParams = z.object({ jobId: Uuid });

// ---------------------------------------------------------------------------------------------
// Health

export const Liveness = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() });
export type Liveness = z.infer<typeof Liveness>;

export const DependencyCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
export const Readiness = z.object({
  status: z.enum(['ready', 'unready']),
  checks: z.object({ postgres: DependencyCheck, redis: DependencyCheck, qdrant: DependencyCheck.optional() }),
});
export type Readiness = z.infer<typeof Readiness>;

// ---------------------------------------------------------------------------------------------
// Users, login, API keys

const Email = z.email({ error: 'must be an email address' }).max(254).transform((e) => e.toLowerCase());
const Password = z.string().min(12, 'password must be at least 12 characters').max(256);

export const LoginRequest = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export type LoginRequest = z.input<typeof LoginRequest>;

export const LoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the token expires'),
  expiresAt: Timestamp,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const User = z.object({ id: Uuid, email: z.string(), isAdmin: z.boolean(), createdAt: Timestamp });
export type User = z.infer<typeof User>;

export const CreateUserRequest = z.strictObject({ email: Email, password: Password, isAdmin: z.boolean().default(false) });
export type CreateUserRequest = z.input<typeof CreateUserRequest>;

export const Me = z.object({
  user: User,
  authenticatedWith: z.enum(['token', 'api-key']),
  apiKeyId: Uuid.nullable(),
});
export type Me = z.infer<typeof Me>;

export const ApiKey = z.object({
  id: Uuid,
  name: z.string(),
  /** The first characters of the key, enough to recognise it in a list. */
  displayPrefix: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyRequest = z.strictObject({
  name: PlainText(100).pipe(z.string().trim().min(1)),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;

export const CreatedApiKey = ApiKey.extend({ key: z.string().describe('The secret; shown only in this response') });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z.object({ items: z.array(ApiKey) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

// ---------------------------------------------------------------------------------------------
// Projects and members

export const PROJECT_ROLES = ['owner', 'writer', 'reader'] as const;
export const ProjectRole = z.enum(PROJECT_ROLES);
export type ProjectRole = z.infer<typeof ProjectRole>;

const ProjectName = PlainText(255).pipe(z.string().trim().min(1, 'name must not be empty'));
const RepositoryUrl = z
  .string()
  .max(500)
  .regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'repositoryUrl must start with https://, ssh:// or git@');
const Tags = z.array(PlainText(50).pipe(z.string().trim().min(1))).max(50);
// Any JSON value per key: a JSON body cannot carry anything else.
const Metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 16_384, 'metadata must serialise to at most 16 KiB');

const projectFields = {
  name: ProjectName,
  description: PlainText(1000).nullable(),
  repositoryUrl: RepositoryUrl.nullable(),
  language: Language.nullable().describe('Main language, informative only'),
  framework: PlainText(100).nullable(),
  tags: Tags,
  metadata: Metadata,
  defaultRef: RefName.describe('Ref searched and ingested when a request names none'),
};

export const CreateProjectRequest = z.strictObject({
  name: projectFields.name,
  description: projectFields.description.optional(),
  repositoryUrl: projectFields.repositoryUrl.optional(),
  language: projectFields.language.optional(),
  framework: projectFields.framework.optional(),
  tags: projectFields.tags.default([]),
  metadata: projectFields.metadata.default({}),
  defaultRef: projectFields.defaultRef.default('main'),
});
export type CreateProjectRequest = z.input<typeof CreateProjectRequest>;

export const UpdateProjectRequest = z
  .strictObject({
    name: projectFields.name.optional(),
    description: projectFields.description.optional(),
    repositoryUrl: projectFields.repositoryUrl.optional(),
    language: projectFields.language.optional(),
    framework: projectFields.framework.optional(),
    tags: projectFields.tags.optional(),
    metadata: projectFields.metadata.optional(),
    defaultRef: projectFields.defaultRef.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'the update names no field to change');
export type UpdateProjectRequest = z.input<typeof UpdateProjectRequest>;

export const Project = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string().nullable(),
  repositoryUrl: z.string().nullable(),
  language: z.string().nullable(),
  framework: z.string().nullable(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  defaultRef: z.string(),
  ownerId: Uuid,
  role: ProjectRole.describe("The caller's role in the project"),
  fileCount: z.number().int(),
  contextCount: z.number().int(),
  /** Grows on every change to the project's index; caches key on it. */
  indexVersion: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;

export const ListProjectsQuery = z.strictObject({
  offset: Offset,
  limit: pageLimit(100, 20),
  search: z.string().max(255).optional().describe('Case-insensitive substring of the name'),
});
export type ListProjectsQuery = z.input<typeof ListProjectsQuery>;

export const ProjectList = z.object({ items: z.array(Project), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export type ProjectList = z.infer<typeof ProjectList>;

export const Member = z.object({ userId: Uuid, email: z.string(), role: ProjectRole, addedAt: Timestamp });
export type Member = z.infer<typeof Member>;
export const MemberList = z.object({ items: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;
export const AddMemberRequest = z.strictObject({ email: Email, role: ProjectRole });
export type AddMemberRequest = z.input<typeof AddMemberRequest>;
export const UpdateMemberRequest = z.strictObject({ role: ProjectRole });
export type UpdateMemberRequest = z.input<typeof UpdateMemberRequest>;

// ---------------------------------------------------------------------------------------------
// Contexts (chunks): ingest, list, get

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase sha256 hex digest');
const ModelId = z.string().min(1).max(200).regex(/^[\w.:/@+-]+$/, 'model id may contain letters, digits and . : / @ + - _');
const Vector = z.array(z.number().finite()).min(1).max(MAX_VECTOR_DIMENSION);

export const IngestFile = z.strictObject({
  path: RelativePath,
  content: z
    .string()
    .refine((c) => !c.includes('\0'), 'content must be text (it contains NUL bytes)')
    .refine((c) => Buffer.byteLength(c) <= MAX_FILE_BYTES, `content must be at most ${MAX_FILE_BYTES} bytes`),
  language: Language.optional().describe('Detected from the path when omitted'),
});
export type IngestFile = z.input<typeof IngestFile>;

export const IngestRequest = z
  .strictObject({
    ref: RefName.optional().describe("Defaults to the project's defaultRef"),
    files: z.array(IngestFile).max(MAX_FILES_PER_INGEST).default([]),
    removedPaths: z.array(RelativePath).max(10_000).default([]),
    embeddings: z
      .strictObject({
        model: ModelId,
        /** Vectors by chunk content hash, computed by the client with `model`. */
        vectors: z.record(Sha256, Vector),
      })
      .optional(),
  })
  .refine((body) => body.files.length + body.removedPaths.length > 0, 'the request has no files and no removedPaths')
  .refine((body) => new Set(body.files.map((f) => f.path)).size === body.files.length, 'files lists the same path twice')
  .refine((body) => !body.removedPaths.some((p) => body.files.some((f) => f.path === p)), 'a path is both in files and in removedPaths');
export type IngestRequest = z.input<typeof IngestRequest>;
export type ParsedIngestRequest = z.output<typeof IngestRequest>;

export const IngestResult = z.object({
  ref: z.string(),
  filesReceived: z.number().int(),
  filesChanged: z.number().int(),
  filesUnchanged: z.number().int(),
  filesRemoved: z.number().int(),
  contexts: z.number().int().describe('Contexts (chunks) now stored for the changed files'),
  chunksWritten: z.number().int().describe('Chunk contents new to the server (the rest were deduplicated)'),
  vectorsStored: z.number().int(),
  vectorsUnmatched: z.number().int().describe('Vectors whose hash matched no chunk of this request'),
  indexVersion: z.number().int(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type IngestResult = z.infer<typeof IngestResult>;

const contextFields = {
  id: Uuid,
  projectId: Uuid,
  ref: z.string(),
  path: z.string(),
  language: Language,
  kind: ChunkKind,
  name: z.string(),
  qualifiedName: z.string(),
  signature: z.string(),
  docComment: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  complexity: z.number().int().nullable(),
  hash: Sha256.describe('sha256 of the content'),
  fileHash: Sha256,
};
export const ContextSummary = z.object(contextFields);
export type ContextSummary = z.infer<typeof ContextSummary>;
export const Context = z.object({ ...contextFields, content: z.string() });
export type Context = z.infer<typeof Context>;

export const ListContextsQuery = z.strictObject({
  ref: RefName.optional(),
  path: RelativePath.optional(),
  pathGlob: z.string().min(1).max(500).optional().describe('picomatch glob over the relative path'),
  language: Language.optional(),
  kind: ChunkKind.optional(),
  offset: Offset,
  limit: pageLimit(500, 50),
});
export type ListContextsQuery = z.input<typeof ListContextsQuery>;

export const ContextList = z.object({ items: z.array(ContextSummary), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export type ContextList = z.infer<typeof ContextList>;

// ---------------------------------------------------------------------------------------------
// Search

export const SEARCH_MODES = ['hybrid', 'keyword', 'vector'] as const;

export const SearchRequest = z
  .strictObject({
    query: z.string().max(1000).optional(),
    vector: Vector.optional().describe('Query embedding; requires model'),
    model: ModelId.optional().describe('Embedding model of vector (or for the server to embed query with)'),
    projectId: Uuid.optional().describe('Search one project; default: every project of the caller'),
    ref: RefName.optional().describe("Default: each project's defaultRef"),
    language: Language.optional(),
    kind: ChunkKind.optional(),
    pathGlob: z.string().min(1).max(500).optional(),
    limit: z.number().int().min(1).max(100).default(10),
    scoreThreshold: z.number().min(-1).max(1).optional().describe('Minimum cosine similarity for a semantic match'),
    mode: z.enum(SEARCH_MODES).default('hybrid'),
  })
  .refine((body) => (body.query ?? '').trim() !== '' || body.vector !== undefined, 'give a query, a vector, or both')
  .refine((body) => body.vector === undefined || body.model !== undefined, 'vector needs the model that produced it');
export type SearchRequest = z.input<typeof SearchRequest>;
export type ParsedSearchRequest = z.output<typeof SearchRequest>;

export const SearchHit = z.object({
  contextId: Uuid,
  projectId: Uuid,
  ref: z.string(),
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  language: Language,
  kind: ChunkKind,
  name: z.string(),
  qualifiedName: z.string(),
  signature: z.string(),
  /** Reciprocal-rank fusion of the legs, scaled so 1 means first in every leg used. */
  score: z.number(),
  vectorScore: z.number().nullable().describe('Cosine similarity, when the vector leg found it'),
  keywordScore: z.number().nullable().describe('Full-text rank, when the keyword leg found it'),
  content: z.string(),
  hash: Sha256,
  /** The file version the hit came from; clients compare it with their copy of the file. */
  fileHash: Sha256,
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResponse = z.object({
  results: z.array(SearchHit),
  legs: z.array(z.enum(['keyword', 'vector'])).describe('Which legs ran'),
  cached: z.boolean(),
  tookMs: z.number(),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

// ---------------------------------------------------------------------------------------------
// Team sync: content-addressed, resumable, branch-aware (docs/server.md#sync)
//
// 1. The daemon posts the whole manifest of a (project, ref): path -> file hash. The server
//    applies at once every entry whose file version it already holds (from any project, ref or
//    member), removes paths the manifest no longer lists, and answers which entries it lacks.
// 2. The daemon uploads those files' chunks (and vectors) in gzip-compressed batches; each batch
//    is committed on its own, so an interrupted sync resumes by posting the manifest again.
// Posting the same manifest twice changes nothing and bumps no index version.

export const MAX_MANIFEST_FILES = 200_000;
export const MAX_SYNC_FILES_PER_UPLOAD = 500;
export const MAX_CHUNKS_PER_FILE = 20_000;
export const MAX_VECTOR_LOOKUP = 5_000;

export const ManifestEntry = z.strictObject({ path: RelativePath, hash: Sha256.describe('sha256 of the file content'), language: Language });
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const SyncManifestRequest = z
  .strictObject({
    ref: RefName,
    files: z.array(ManifestEntry).max(MAX_MANIFEST_FILES),
    /** The commit the manifest describes, when the client syncs a git work tree. */
    commit: z.string().regex(/^[0-9a-f]{40,64}$/, 'commit must be a full hex commit id').optional(),
    /** Its committer date: a manifest of an older commit than the ref holds is not applied (a teammate is ahead). */
    committedAt: Timestamp.optional(),
  })
  .refine((body) => new Set(body.files.map((f) => f.path)).size === body.files.length, 'files lists the same path twice');
export type SyncManifestRequest = z.input<typeof SyncManifestRequest>;

export const SyncManifestResponse = z.object({
  ref: z.string(),
  /** Entries whose file version the server lacks: upload these, then the ref is complete. */
  missing: z.array(ManifestEntry),
  added: z.number().int().describe('Paths new to the ref, applied now'),
  changed: z.number().int().describe('Paths whose file hash changed, applied now'),
  removed: z.number().int().describe('Paths the manifest no longer lists'),
  unchanged: z.number().int(),
  indexVersion: z.number().int(),
  /** True when the ref holds a newer commit than the manifest's: nothing was applied or is missing. */
  stale: z.boolean().optional(),
  /** The commit the ref holds after this call, when known. */
  refCommit: z.string().nullable().optional(),
});
export type SyncManifestResponse = z.infer<typeof SyncManifestResponse>;

const ShortText = (max: number) => z.string().max(max);

export const SyncChunk = z.strictObject({
  kind: ChunkKind,
  name: ShortText(1000),
  qualifiedName: ShortText(2000),
  signature: ShortText(8000),
  docComment: ShortText(MAX_FILE_BYTES),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  complexity: z.number().int().min(0).nullable().optional(),
  hash: Sha256.describe('sha256 of content; the server checks it'),
  content: z.string().refine((c) => Buffer.byteLength(c) <= MAX_FILE_BYTES, `content must be at most ${MAX_FILE_BYTES} bytes`),
});
export type SyncChunk = z.infer<typeof SyncChunk>;

export const SyncFile = z.strictObject({
  path: RelativePath,
  hash: Sha256,
  language: Language,
  byteSize: z.number().int().min(0).max(MAX_FILE_BYTES),
  parseFailed: z.boolean(),
  imports: z.array(ShortText(1000)).max(10_000),
  chunks: z.array(SyncChunk).max(MAX_CHUNKS_PER_FILE),
});
export type SyncFile = z.infer<typeof SyncFile>;

export const SyncUploadRequest = z
  .strictObject({
    ref: RefName,
    files: z.array(SyncFile).min(1).max(MAX_SYNC_FILES_PER_UPLOAD),
    embeddings: z
      .strictObject({
        model: ModelId,
        /** Vectors by chunk content hash; only hashes of this upload's chunks are kept. */
        vectors: z.record(Sha256, Vector),
      })
      .optional(),
  })
  .refine((body) => new Set(body.files.map((f) => f.path)).size === body.files.length, 'files lists the same path twice');
export type SyncUploadRequest = z.input<typeof SyncUploadRequest>;

export const SyncUploadResponse = z.object({
  ref: z.string(),
  filesStored: z.number().int().describe('File versions new to the server'),
  filesApplied: z.number().int().describe('Paths of the ref now pointing at the uploaded versions'),
  chunksWritten: z.number().int().describe('Chunk contents new to the server'),
  chunksDeduplicated: z.number().int().describe('Chunks whose content the server already held'),
  vectorsStored: z.number().int(),
  vectorsUnmatched: z.number().int(),
  indexVersion: z.number().int(),
});
export type SyncUploadResponse = z.infer<typeof SyncUploadResponse>;

export const VectorLookupRequest = z.strictObject({ model: ModelId, hashes: z.array(Sha256).max(MAX_VECTOR_LOOKUP) });
export type VectorLookupRequest = z.input<typeof VectorLookupRequest>;

export const VectorLookupResponse = z.object({
  model: z.string(),
  /** Null when the server holds no vector of this model. */
  dimension: z.number().int().nullable(),
  /** Only hashes of chunks this project holds (any ref); the rest are absent. */
  vectors: z.record(Sha256, z.array(z.number())),
});
export type VectorLookupResponse = z.infer<typeof VectorLookupResponse>;

export const TeamFileQuery = z.strictObject({ ref: RefName.optional(), path: RelativePath });
export type TeamFileQuery = z.input<typeof TeamFileQuery>;

/** A file as the server holds it: its chunks in line order (lines no chunk covers are absent). */
export const TeamFile = z.object({
  projectId: Uuid,
  ref: z.string(),
  path: z.string(),
  language: Language,
  fileHash: Sha256,
  chunks: z.array(z.object({ startLine: z.number().int(), endLine: z.number().int(), content: z.string() })),
});
export type TeamFile = z.infer<typeof TeamFile>;

// ---------------------------------------------------------------------------------------------
// Background jobs

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z.object({
  id: Uuid,
  projectId: Uuid,
  kind: z.literal('ingest'),
  status: JobStatus,
  progress: z.object({ filesDone: z.number().int(), filesTotal: z.number().int() }),
  cancelRequested: z.boolean(),
  error: z.string().nullable().describe('Why the job failed'),
  result: IngestResult.nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type Job = z.infer<typeof Job>;

// ---------------------------------------------------------------------------------------------
// The endpoint table: one entry per route, used by the server's router and OpenAPI document and
// by clients that want typed calls.

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface EndpointSpec {
  method: HttpMethod;
  /** Express-style path below API_PREFIX, e.g. `/projects/:projectId`. */
  path: string;
  summary: string;
  tag: string;
  /** False only for health and login. */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  success: { status: number; schema: z.ZodType | null; description: string };
  /** Error statuses this endpoint can answer besides 400/401/429/500. */
  errors: number[];
}

export const endpoints = {
  liveness: { method: 'get', path: '/health', summary: 'Liveness: the process answers', tag: 'health', auth: false, success: { status: 200, schema: Liveness, description: 'Alive' }, errors: [] },
  readiness: { method: 'get', path: '/health/ready', summary: 'Readiness: PostgreSQL, Redis (and Qdrant) answer', tag: 'health', auth: false, success: { status: 200, schema: Readiness, description: 'Ready to serve' }, errors: [503] },
  login: { method: 'post', path: '/auth/login', summary: 'Exchange email and password for an access token', tag: 'auth', auth: false, body: LoginRequest, success: { status: 200, schema: LoginResponse, description: 'Token issued' }, errors: [] },
  me: { method: 'get', path: '/auth/me', summary: 'The authenticated user', tag: 'auth', auth: true, success: { status: 200, schema: Me, description: 'Current user' }, errors: [] },
  createUser: { method: 'post', path: '/users', summary: 'Create a user (administrators only)', tag: 'auth', auth: true, body: CreateUserRequest, success: { status: 201, schema: User, description: 'User created' }, errors: [403, 409] },
  listApiKeys: { method: 'get', path: '/api-keys', summary: "List the caller's API keys", tag: 'auth', auth: true, success: { status: 200, schema: ApiKeyList, description: 'Keys (never the secrets)' }, errors: [] },
  createApiKey: { method: 'post', path: '/api-keys', summary: 'Create an API key; the secret is shown once', tag: 'auth', auth: true, body: CreateApiKeyRequest, success: { status: 201, schema: CreatedApiKey, description: 'Key created' }, errors: [] },
  revokeApiKey: { method: 'delete', path: '/api-keys/:id', summary: 'Revoke an API key', tag: 'auth', auth: true, params: IdParams, success: { status: 204, schema: null, description: 'Revoked' }, errors: [404] },
  listProjects: { method: 'get', path: '/projects', summary: 'Projects the caller belongs to', tag: 'projects', auth: true, query: ListProjectsQuery, success: { status: 200, schema: ProjectList, description: 'A page of projects' }, errors: [] },
  createProject: { method: 'post', path: '/projects', summary: 'Create a project; the caller becomes its owner', tag: 'projects', auth: true, body: CreateProjectRequest, success: { status: 201, schema: Project, description: 'Project created' }, errors: [409] },
  getProject: { method: 'get', path: '/projects/:projectId', summary: 'One project', tag: 'projects', auth: true, params: ProjectParams, success: { status: 200, schema: Project, description: 'The project' }, errors: [404] },
  updateProject: { method: 'patch', path: '/projects/:projectId', summary: 'Change fields of a project (owners)', tag: 'projects', auth: true, params: ProjectParams, body: UpdateProjectRequest, success: { status: 200, schema: Project, description: 'Updated project' }, errors: [403, 404, 409] },
  deleteProject: { method: 'delete', path: '/projects/:projectId', summary: 'Delete a project and its index (owners)', tag: 'projects', auth: true, params: ProjectParams, success: { status: 204, schema: null, description: 'Deleted' }, errors: [403, 404] },
  listMembers: { method: 'get', path: '/projects/:projectId/members', summary: 'Members of a project', tag: 'projects', auth: true, params: ProjectParams, success: { status: 200, schema: MemberList, description: 'Members' }, errors: [404] },
  addMember: { method: 'post', path: '/projects/:projectId/members', summary: 'Add a user by email (owners)', tag: 'projects', auth: true, params: ProjectParams, body: AddMemberRequest, success: { status: 201, schema: Member, description: 'Member added' }, errors: [403, 404, 409] },
  updateMember: { method: 'patch', path: '/projects/:projectId/members/:userId', summary: "Change a member's role (owners)", tag: 'projects', auth: true, params: MemberParams, body: UpdateMemberRequest, success: { status: 200, schema: Member, description: 'Member updated' }, errors: [403, 404, 409] },
  removeMember: { method: 'delete', path: '/projects/:projectId/members/:userId', summary: 'Remove a member (owners, or members leaving)', tag: 'projects', auth: true, params: MemberParams, success: { status: 204, schema: null, description: 'Removed' }, errors: [403, 404, 409] },
  ingest: { method: 'post', path: '/projects/:projectId/contexts', summary: 'Ingest files: parse, chunk and index them now (writers)', tag: 'contexts', auth: true, params: ProjectParams, body: IngestRequest, success: { status: 200, schema: IngestResult, description: 'Ingest summary' }, errors: [403, 404, 413, 415] },
  listContexts: { method: 'get', path: '/projects/:projectId/contexts', summary: 'List contexts with filters (without content)', tag: 'contexts', auth: true, params: ProjectParams, query: ListContextsQuery, success: { status: 200, schema: ContextList, description: 'A page of contexts' }, errors: [404] },
  getContext: { method: 'get', path: '/projects/:projectId/contexts/:contextId', summary: 'One context with its content', tag: 'contexts', auth: true, params: ContextParams, success: { status: 200, schema: Context, description: 'The context' }, errors: [404] },
  createIngestJob: { method: 'post', path: '/projects/:projectId/ingest-jobs', summary: 'Ingest files in the background; answers at once with a job', tag: 'jobs', auth: true, params: ProjectParams, body: IngestRequest, success: { status: 202, schema: Job, description: 'Job accepted' }, errors: [403, 404, 413, 415, 503] },
  getJob: { method: 'get', path: '/jobs/:jobId', summary: 'Status and progress of a job', tag: 'jobs', auth: true, params: JobParams, success: { status: 200, schema: Job, description: 'The job' }, errors: [404, 503] },
  cancelJob: { method: 'post', path: '/jobs/:jobId/cancel', summary: 'Ask a pending or running job to stop (writers)', tag: 'jobs', auth: true, params: JobParams, success: { status: 202, schema: Job, description: 'Cancellation requested' }, errors: [403, 404, 409, 503] },
  syncManifest: { method: 'post', path: '/projects/:projectId/sync/manifest', summary: "Post a ref's manifest; answers which file versions to upload (writers)", tag: 'sync', auth: true, params: ProjectParams, body: SyncManifestRequest, success: { status: 200, schema: SyncManifestResponse, description: 'Manifest applied as far as the server holds the files' }, errors: [403, 404, 413, 415] },
  syncUpload: { method: 'post', path: '/projects/:projectId/sync/files', summary: 'Upload chunked file versions the manifest reported missing (writers)', tag: 'sync', auth: true, params: ProjectParams, body: SyncUploadRequest, success: { status: 200, schema: SyncUploadResponse, description: 'Batch stored and applied' }, errors: [403, 404, 409, 413, 415] },
  vectorLookup: { method: 'post', path: '/projects/:projectId/sync/vectors', summary: 'Vectors the server holds for chunk hashes of this project', tag: 'sync', auth: true, params: ProjectParams, body: VectorLookupRequest, success: { status: 200, schema: VectorLookupResponse, description: 'Known vectors' }, errors: [404] },
  teamFile: { method: 'get', path: '/projects/:projectId/file', summary: "One file of a ref as its chunks, for previews of files not on disk", tag: 'sync', auth: true, params: ProjectParams, query: TeamFileQuery, success: { status: 200, schema: TeamFile, description: 'The file' }, errors: [404] },
  search: { method: 'post', path: '/search', summary: 'Hybrid search: full-text and vector, fused by reciprocal rank', tag: 'search', auth: true, body: SearchRequest, success: { status: 200, schema: SearchResponse, description: 'Results' }, errors: [404, 503] },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof endpoints;
