-- Up Migration

-- The commit each (project, ref) was last synced from, when the client synced a git work tree: a
-- manifest of an older commit (a teammate who has not pulled) is then refused instead of
-- reverting the ref. Null when the ref's files came from elsewhere (an ingest, a folder outside git).
CREATE TABLE ref_commits (
  project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  ref          text NOT NULL,
  commit_id    text,
  committed_at timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, ref)
);

-- Down Migration

DROP TABLE IF EXISTS ref_commits;
