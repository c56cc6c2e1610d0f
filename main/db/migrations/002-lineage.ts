// Applied migrations are checksummed: never edit this text once released; add a new migration.
// Lineage after ML Metadata: artifacts, executions, input/output events, contexts (a run, an
// experiment) with attribution (artifact↔context) and association (execution↔context).
export default `
CREATE TABLE run (
  id TEXT PRIMARY KEY,
  pipeline_name TEXT NOT NULL,
  pipeline_path TEXT NOT NULL,
  pipeline_text TEXT NOT NULL,
  params TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('cli', 'ui', 'schedule', 'api')),
  environment TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_ms INTEGER
) STRICT;
CREATE INDEX run_pipeline ON run (pipeline_name, started_at);
CREATE INDEX run_status ON run (status);

CREATE TABLE artifact (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  uri TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX artifact_sha ON artifact (sha256);

CREATE TABLE execution (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  component TEXT NOT NULL,
  params TEXT NOT NULL,
  code TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cached', 'failed', 'skipped', 'cancelled', 'interrupted')),
  cache_key TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_ms INTEGER,
  host TEXT NOT NULL,
  pid INTEGER,
  logs TEXT NOT NULL DEFAULT '',
  error TEXT
) STRICT;
CREATE INDEX execution_run ON execution (run_id);
CREATE INDEX execution_cache ON execution (cache_key, state, ended_at);

CREATE TABLE event (
  execution_id TEXT NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
  artifact_id TEXT NOT NULL REFERENCES artifact (id),
  kind TEXT NOT NULL CHECK (kind IN ('input', 'output')),
  port TEXT NOT NULL,
  PRIMARY KEY (execution_id, kind, port)
) STRICT;
CREATE INDEX event_artifact ON event (artifact_id, kind);

CREATE TABLE context (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('run', 'experiment')),
  name TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE attribution (
  artifact_id TEXT NOT NULL REFERENCES artifact (id),
  context_id TEXT NOT NULL REFERENCES context (id) ON DELETE CASCADE,
  PRIMARY KEY (artifact_id, context_id)
) STRICT;

CREATE TABLE association (
  execution_id TEXT NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
  context_id TEXT NOT NULL REFERENCES context (id) ON DELETE CASCADE,
  PRIMARY KEY (execution_id, context_id)
) STRICT;

CREATE TABLE run_metric (
  run_id TEXT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, node_id, name)
) STRICT;
`;
