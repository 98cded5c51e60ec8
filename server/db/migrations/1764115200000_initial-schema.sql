-- Up Migration

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  password_hash text NOT NULL,
  is_admin      boolean NOT NULL DEFAULT false,
  is_active     boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- API keys are 256-bit random secrets, so a plain sha256 is a safe lookup hash (a slow KDF
-- protects guessable passwords; it would only add latency to every request here).
CREATE TABLE api_keys (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name           text NOT NULL,
  display_prefix text NOT NULL,
  key_hash       bytea NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz,
  expires_at     timestamptz,
  revoked_at     timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE TABLE projects (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL,
  description    text,
  repository_url text,
  language       text,
  framework      text,
  tags           text[] NOT NULL DEFAULT '{}',
  metadata       jsonb NOT NULL DEFAULT '{}',
  default_ref    text NOT NULL DEFAULT 'main',
  owner_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Kept in the same transaction as every index change: search caches key on index_version.
  index_version  bigint NOT NULL DEFAULT 0,
  file_count     integer NOT NULL DEFAULT 0,
  context_count  integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT projects_owner_name_key UNIQUE (owner_id, name)
);

CREATE TABLE project_members (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('owner', 'writer', 'reader')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);

-- Content-addressed storage shared by every project, ref and member: a chunk's text is stored
-- once whoever uploads it, and a file already parsed is never parsed again.
CREATE TABLE chunk_contents (
  hash       text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  content    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- file hash -> its chunks. Keyed with the language because the same bytes chunk differently
-- as, say, TypeScript and plain text.
CREATE TABLE file_versions (
  hash         text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  language     text NOT NULL,
  byte_size    integer NOT NULL,
  parse_failed boolean NOT NULL,
  imports      jsonb NOT NULL DEFAULT '[]',
  chunk_count  integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hash, language)
);

CREATE TABLE file_chunks (
  file_hash      text NOT NULL,
  language       text NOT NULL,
  ordinal        integer NOT NULL,
  chunk_hash     text NOT NULL REFERENCES chunk_contents (hash),
  kind           text NOT NULL,
  name           text NOT NULL,
  qualified_name text NOT NULL,
  signature      text NOT NULL,
  doc_comment    text NOT NULL,
  start_line     integer NOT NULL,
  end_line       integer NOT NULL,
  complexity     integer,
  -- Weighted search terms of the chunk (name A, signature B, doc C, body D); a context adds its
  -- path's terms, so copying a known file to a new path or project needs no parsing.
  terms          tsvector NOT NULL,
  PRIMARY KEY (file_hash, language, ordinal),
  FOREIGN KEY (file_hash, language) REFERENCES file_versions (hash, language) ON DELETE CASCADE
);

-- The manifest of each (project, ref): path -> file hash.
CREATE TABLE project_files (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  ref        text NOT NULL,
  path       text NOT NULL,
  file_hash  text NOT NULL,
  language   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, ref, path),
  FOREIGN KEY (file_hash, language) REFERENCES file_versions (hash, language)
);
CREATE INDEX project_files_file_idx ON project_files (file_hash, language);

-- The searchable rows: one per chunk of each file of each (project, ref), denormalised so a
-- search reads one table, with weighted identifier-split terms for full-text ranking.
CREATE TABLE contexts (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id     uuid NOT NULL,
  ref            text NOT NULL,
  path           text NOT NULL,
  ordinal        integer NOT NULL,
  language       text NOT NULL,
  kind           text NOT NULL,
  name           text NOT NULL,
  qualified_name text NOT NULL,
  signature      text NOT NULL,
  doc_comment    text NOT NULL,
  start_line     integer NOT NULL,
  end_line       integer NOT NULL,
  complexity     integer,
  chunk_hash     text NOT NULL REFERENCES chunk_contents (hash),
  file_hash      text NOT NULL,
  search_terms   tsvector NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (project_id, ref, path) REFERENCES project_files (project_id, ref, path) ON DELETE CASCADE,
  UNIQUE (project_id, ref, path, ordinal)
);
-- A small pending list: bulk ingests stay fast, and searches never scan megabytes of entries
-- not yet merged into the index.
CREATE INDEX contexts_terms_idx ON contexts USING gin (search_terms) WITH (gin_pending_list_limit = 512);
CREATE INDEX contexts_chunk_idx ON contexts (chunk_hash);
CREATE INDEX contexts_filter_idx ON contexts (project_id, ref, language, kind);
CREATE INDEX contexts_name_idx ON contexts (project_id, lower(name));
CREATE INDEX contexts_qualified_name_idx ON contexts (project_id, lower(qualified_name));

-- Embeddings, content-addressed by (chunk hash, model). Each model has one dimension.
CREATE TABLE embedding_models (
  model      text PRIMARY KEY,
  dimension  integer NOT NULL CHECK (dimension BETWEEN 1 AND 16000),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE embeddings (
  chunk_hash text NOT NULL,
  model      text NOT NULL REFERENCES embedding_models (model) ON DELETE CASCADE,
  dimension  integer NOT NULL,
  vector     vector NOT NULL CHECK (vector_dims(vector) = dimension),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chunk_hash, model)
);

-- Which project uploaded which vector: searches see only their projects' vectors.
CREATE TABLE project_embeddings (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  model      text NOT NULL,
  chunk_hash text NOT NULL,
  PRIMARY KEY (project_id, model, chunk_hash),
  FOREIGN KEY (chunk_hash, model) REFERENCES embeddings (chunk_hash, model) ON DELETE CASCADE
);

-- An HNSW index needs a fixed dimension: one partial index per common embedding size (empty
-- indexes cost nothing). Other sizes are searched exactly. 3072 exceeds the 2000-dimension
-- limit of `vector` indexes, so it is indexed as half precision.
CREATE INDEX embeddings_hnsw_256 ON embeddings USING hnsw ((vector::vector(256)) vector_cosine_ops) WHERE dimension = 256;
CREATE INDEX embeddings_hnsw_384 ON embeddings USING hnsw ((vector::vector(384)) vector_cosine_ops) WHERE dimension = 384;
CREATE INDEX embeddings_hnsw_512 ON embeddings USING hnsw ((vector::vector(512)) vector_cosine_ops) WHERE dimension = 512;
CREATE INDEX embeddings_hnsw_768 ON embeddings USING hnsw ((vector::vector(768)) vector_cosine_ops) WHERE dimension = 768;
CREATE INDEX embeddings_hnsw_1024 ON embeddings USING hnsw ((vector::vector(1024)) vector_cosine_ops) WHERE dimension = 1024;
CREATE INDEX embeddings_hnsw_1536 ON embeddings USING hnsw ((vector::vector(1536)) vector_cosine_ops) WHERE dimension = 1536;
CREATE INDEX embeddings_hnsw_3072 ON embeddings USING hnsw ((vector::halfvec(3072)) halfvec_cosine_ops) WHERE dimension = 3072;

-- Down Migration

DROP TABLE IF EXISTS project_embeddings, embeddings, embedding_models, contexts, project_files,
  file_chunks, file_versions, chunk_contents, project_members, projects, api_keys, users;
