import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { LineCounter, isMap, isNode, isScalar, parseDocument, stringify } from 'yaml';
import { OperationalError, UserError } from '../../shared/errors';
import { workspaceSettingsSchema, type WorkspaceSettings, type WorkspaceSettingsInput } from '../../shared/workspace-settings';
import { openDatabase, type Db } from '../db/database';
import { workspacePaths, type WorkspacePaths } from './paths';

export interface Workspace {
  readonly root: string;
  readonly name: string;
  readonly paths: WorkspacePaths;
  readonly settings: WorkspaceSettings;
  readonly db: Db;
  close(): void;
}

const GITIGNORE = '# Nodebook local state: lineage database and artifact cache\n.nodebook/\n';

/** Reads and validates nodebook.yaml; errors name the file, line and field. */
export function readSettings(file: string): WorkspaceSettings {
  if (!existsSync(file)) return workspaceSettingsSchema.parse({});
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lines.linePos(yamlError.pos[0]);
    throw new UserError('settings_invalid', `${file}:${pos.line}:${pos.col}: ${yamlError.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
  }
  const parsed = workspaceSettingsSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
    // An unknown key is located at the key itself, any other issue at the offending value.
    const parent = doc.getIn(path, true);
    const keyNode = keys.length > 0 && isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === keys[0])?.key : undefined;
    const node = keyNode ?? doc.getIn(path, true);
    const range = isNode(node) ? node.range : undefined;
    const pos = range ? lines.linePos(range[0]) : { line: 1, col: 1 };
    const field = [...path, ...keys.slice(0, 1)].join('.') || '(root)';
    throw new UserError('settings_invalid', `${file}:${pos.line}:${pos.col}: ${field}: ${issue?.message ?? 'invalid'}`, {
      file,
      line: pos.line,
      column: pos.col,
      field,
    });
  }
  return parsed.data;
}

export function writeSettings(file: string, settings: WorkspaceSettingsInput): void {
  writeFileSync(file, stringify(settings, { lineWidth: 0 }));
}

function assertWritable(dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OperationalError('workspace_not_writable', `${dir} is not writable; Nodebook needs to write its state in ${dir}/.nodebook. Fix the folder's permissions or choose another folder.`, { dir });
  }
}

/** Creates the workspace layout in `dir` (which may exist and hold data already). Never overwrites files. */
export function initWorkspace(dir: string, name?: string): void {
  const root = resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new UserError('workspace_not_directory', `${root} is a file, not a folder.`, { path: root });
  }
  try {
    mkdirSync(root, { recursive: true });
  } catch (err) {
    throw new OperationalError('workspace_not_writable', `Cannot create ${root}: ${(err as Error).message}. Choose a folder you can write to.`, { dir: root });
  }
  assertWritable(root);
  const p = workspacePaths(root);
  for (const d of [p.pipelines, p.data]) mkdirSync(d, { recursive: true });
  if (!existsSync(p.settings)) writeSettings(p.settings, { nodebook: 1, name: name ?? basename(root), python: 'python3', concurrency: 2 });
  const gitignore = `${root}/.gitignore`;
  if (!existsSync(gitignore)) writeFileSync(gitignore, GITIGNORE);
  else if (!readFileSync(gitignore, 'utf8').split('\n').some((l) => l.trim() === '.nodebook/' || l.trim() === '.nodebook')) {
    writeFileSync(gitignore, `${readFileSync(gitignore, 'utf8').replace(/\n?$/, '\n')}${GITIGNORE}`);
  }
}

/** Opens an existing workspace: reads settings, opens (and migrates) its database. */
export function openWorkspace(dir: string): Workspace {
  const root = resolve(dir);
  if (!existsSync(root)) throw new UserError('workspace_missing', `${root} does not exist. Create a workspace there first.`, { path: root });
  if (!statSync(root).isDirectory()) throw new UserError('workspace_not_directory', `${root} is a file, not a folder.`, { path: root });
  const p = workspacePaths(root);
  if (!existsSync(p.settings)) {
    throw new UserError('workspace_not_initialised', `${root} is not a Nodebook workspace (no nodebook.yaml). Create one there instead.`, { path: root });
  }
  const settings = readSettings(p.settings);
  assertWritable(root);
  try {
    mkdirSync(p.artifacts, { recursive: true });
    mkdirSync(p.tmp, { recursive: true });
  } catch (err) {
    throw new OperationalError('workspace_not_writable', `Cannot create ${p.state}: ${(err as Error).message}`, { dir: p.state });
  }
  const db = openDatabase(p.db);
  return { root, name: settings.name ?? basename(root), paths: p, settings, db, close: () => db.close() };
}
