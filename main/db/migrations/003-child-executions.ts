// Applied migrations are checksummed: never edit this text once released; add a new migration.
// Child executions (tuning trials) point at the node execution that ran them.
export default `
ALTER TABLE execution ADD COLUMN parent_id TEXT REFERENCES execution (id) ON DELETE CASCADE;
CREATE INDEX execution_parent ON execution (parent_id);
`;
