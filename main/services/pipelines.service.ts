import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import type { EventOf } from '../../shared/contracts/contract';
import type { PipelineEntry, pipelinesContract } from '../../shared/contracts/pipelines.contract';
import type { Diagnostic, PipelineDocument } from '../../shared/pipeline/document';
import { formatDiagnostic } from '../../shared/pipeline/document';
import { parsePipeline } from '../../shared/pipeline/parse';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { loadPipeline } from '../../shared/pipeline/validate';
import type { ComponentRegistry } from '../engine/component';
import { validateComponentParams } from '../engine/param-check';
import type { ServiceImpl } from '../rpc/service';
import type { Workspace } from '../workspace/workspace';
import { listFiles } from './data-files';
import { createPipelinesWatcher } from './pipelines-watch';

export interface PipelinesServiceDeps {
  readonly workspace: () => Workspace;
  readonly registry: ComponentRegistry;
  readonly emit?: (e: EventOf<typeof pipelinesContract>) => void;
}

const SUFFIX = '.nodebook.yaml';
const isPipelineFile = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/** Resolves a workspace-relative path, refusing anything outside the workspace or not YAML. */
export function resolvePipelineFile(ws: Workspace, path: string): { abs: string; rel: string } {
  const abs = isAbsolute(path) ? resolve(path) : resolve(ws.root, path);
  const rel = relative(ws.root, abs);
  if (rel.startsWith('..') || isAbsolute(rel) || rel === '') {
    throw new UserError('path_outside_workspace', `${path} is outside the workspace ${ws.root}; pipelines live in ${ws.paths.pipelines}.`, { path });
  }
  if (!isPipelineFile(abs)) throw new UserError('not_a_pipeline', `${path} is not a pipeline file (expected <name>${SUFFIX}).`, { path });
  return { abs, rel };
}

/** Writes to a temp file beside the target and renames it over: a crash never leaves half a pipeline. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function template(name: string, kind: 'blank' | 'example'): PipelineDocument {
  if (kind === 'blank') return { nodebook: 1, name, params: {}, nodes: {}, layout: {} };
  return {
    nodebook: 1,
    name,
    params: { seed: 42 },
    nodes: {
      intro: { use: 'note@1', text: `## ${name}\nReads a CSV, splits it and profiles the training rows.` },
      source: { use: 'data.read_csv@1', with: { path: 'data/penguins.csv' } },
      split: { use: 'data.split@1', in: { table: 'source.table' }, with: { fractions: { train: 0.8, test: 0.2 }, seed: '${params.seed}' } },
      profile: { use: 'data.profile@1', in: { table: 'split.train' } },
    },
    layout: { intro: [0, -160], source: [0, 0], split: [260, 0], profile: [520, 0] },
  };
}

export function createPipelinesService(deps: PipelinesServiceDeps): ServiceImpl<typeof pipelinesContract> {
  const diagnose = (text: string): Diagnostic[] =>
    loadPipeline(text, {
      catalog: deps.registry.describe(),
      validateParams: (key, params) => validateComponentParams(deps.registry, key, params),
    }).diagnostics;
  const readText = (abs: string, rel: string): string => {
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      throw new UserError('pipeline_not_found', `${rel} does not exist in the workspace.`, { path: rel });
    }
  };

  // Started by the first read of a workspace's pipeline: only an open editor needs it.
  const emit = deps.emit;
  const watcher = emit ? createPipelinesWatcher((path) => emit({ type: 'changedOnDisk', path })) : null;
  const currentRoot = (): string | null => {
    try {
      return deps.workspace().root;
    } catch {
      return null;
    }
  };

  return {
    async list() {
      const ws = deps.workspace();
      if (!existsSync(ws.paths.pipelines)) return [];
      const entries: PipelineEntry[] = [];
      for (const file of readdirSync(ws.paths.pipelines).filter(isPipelineFile).sort()) {
        const abs = join(ws.paths.pipelines, file);
        const rel = relative(ws.root, abs);
        let stat;
        try {
          stat = statSync(abs);
        } catch {
          continue;
        }
        if (!stat.isFile()) continue;
        const fallback = file.endsWith(SUFFIX) ? file.slice(0, -SUFFIX.length) : file.replace(/\.ya?ml$/, '');
        const parsed = parsePipeline(readFileSync(abs, 'utf8'));
        const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
        entries.push({
          name: parsed.doc?.name ?? fallback,
          path: rel,
          nodeCount: parsed.doc ? Object.keys(parsed.doc.nodes).length : 0,
          modifiedAt: stat.mtime.toISOString(),
          ...(firstError ? { error: formatDiagnostic(firstError, rel) } : {}),
        });
      }
      return entries;
    },

    async read({ path }) {
      const ws = deps.workspace();
      watcher?.ensure(ws, currentRoot);
      const { abs, rel } = resolvePipelineFile(ws, path);
      const text = readText(abs, rel);
      // The parsed doc is returned even when validation fails, so the canvas can show what is wrong where.
      return { text, doc: parsePipeline(text).doc, diagnostics: diagnose(text) };
    },

    async write({ path, text }) {
      const { abs, rel } = resolvePipelineFile(deps.workspace(), path);
      writeFileAtomic(abs, text);
      deps.emit?.({ type: 'saved', path: rel });
      return { diagnostics: diagnose(text), modifiedAt: statSync(abs).mtime.toISOString() };
    },

    async validate(args) {
      if ('text' in args) return { diagnostics: diagnose(args.text) };
      const { abs, rel } = resolvePipelineFile(deps.workspace(), args.path);
      return { diagnostics: diagnose(readText(abs, rel)) };
    },

    async create({ name, template: kind }) {
      const ws = deps.workspace();
      const abs = join(ws.paths.pipelines, `${name}${SUFFIX}`);
      const rel = relative(ws.root, abs);
      if (existsSync(abs)) throw new UserError('pipeline_exists', `${rel} already exists; pick another name.`, { path: rel });
      const text = serializePipeline(template(name, kind));
      writeFileAtomic(abs, text);
      deps.emit?.({ type: 'saved', path: rel });
      return { path: rel, text };
    },

    async delete({ path }) {
      const { abs, rel } = resolvePipelineFile(deps.workspace(), path);
      if (!existsSync(abs)) return { deleted: false };
      rmSync(abs);
      deps.emit?.({ type: 'deleted', path: rel });
      return { deleted: true };
    },

    async dataFiles() {
      const ws = deps.workspace();
      return listFiles(ws.root, ws.paths.data);
    },

    async rename({ path, name }) {
      const ws = deps.workspace();
      const { abs, rel } = resolvePipelineFile(ws, path);
      const text = readText(abs, rel);
      const target = join(dirname(abs), `${name}${SUFFIX}`);
      const targetRel = relative(ws.root, target);
      if (target !== abs && existsSync(target)) throw new UserError('pipeline_exists', `${targetRel} already exists; pick another name.`, { path: targetRel });
      const parsed = parsePipeline(text);
      // A valid file gets its name: updated; an invalid one is moved as is (nothing typed is lost).
      writeFileAtomic(target, parsed.doc ? serializePipeline({ ...parsed.doc, name }) : text);
      if (target !== abs) rmSync(abs);
      deps.emit?.({ type: 'renamed', from: rel, to: targetRel });
      return { path: targetRel };
    },
  };
}
