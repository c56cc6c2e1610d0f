// Applied migrations are checksummed: never edit this text once released; add a new migration.
export default `
CREATE TABLE workspace_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
