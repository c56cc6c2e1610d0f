import { create } from 'zustand';
import type { ArtifactRecord } from '../../shared/contracts/runs.contract';
import { api } from '../client/api';
import { PAGE_SIZE, pagesToEvict } from '../outputs/page-cache';
import { shownError } from './errors';

export type Row = Record<string, unknown>;

export type ArtifactMeta =
  | { kind: 'table'; artifact: ArtifactRecord; schema: { name: string; type: string }[]; rowCount: number }
  | { kind: 'json'; artifact: ArtifactRecord; value: unknown }
  | { kind: 'binary'; artifact: ArtifactRecord };

export interface ArtifactEntry {
  meta: ArtifactMeta | null;
  /** Table pages by page index; evicted when far from the view. */
  pages: Record<number, Row[]>;
  error: string | null;
}

interface ArtifactPreviewStore {
  entries: Record<string, ArtifactEntry>;
  /** Loads the first page (or the JSON value) of an artifact once; artifacts never change. */
  ensure(artifactId: string): Promise<void>;
  /** Loads table pages not cached yet, and drops those farthest from `around`. */
  loadPages(artifactId: string, pages: readonly number[], around: number): Promise<void>;
}

/** Artifacts kept; content addressing makes them immutable, so a cached one never goes stale. */
const MAX_ENTRIES = 60;
const inFlight = new Set<string>();
let order: string[] = [];

const emptyEntry = (): ArtifactEntry => ({ meta: null, pages: {}, error: null });

export const useArtifactPreviewStore = create<ArtifactPreviewStore>((set, get) => {
  const touch = (artifactId: string) => {
    order = [...order.filter((id) => id !== artifactId), artifactId];
    if (order.length <= MAX_ENTRIES) return;
    const dropped = order.slice(0, order.length - MAX_ENTRIES);
    order = order.slice(order.length - MAX_ENTRIES);
    set((s) => ({ entries: Object.fromEntries(Object.entries(s.entries).filter(([id]) => !dropped.includes(id))) }));
  };
  const update = (artifactId: string, fn: (e: ArtifactEntry) => ArtifactEntry) =>
    set((s) => ({ entries: { ...s.entries, [artifactId]: fn(s.entries[artifactId] ?? emptyEntry()) } }));

  const fetchPage = async (artifactId: string, page: number) => {
    const key = `${artifactId}#${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const p = await api.runs.artifactPreview({ artifactId, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      update(artifactId, (e) => {
        if (p.kind === 'table') {
          return { ...e, error: null, meta: { kind: 'table', artifact: p.artifact, schema: p.schema, rowCount: p.rowCount }, pages: { ...e.pages, [page]: p.rows } };
        }
        return { ...e, error: null, meta: p };
      });
    } catch (err) {
      update(artifactId, (e) => ({ ...e, error: shownError(err).message }));
    } finally {
      inFlight.delete(key);
    }
  };

  return {
    entries: {},
    async ensure(artifactId) {
      touch(artifactId);
      const e = get().entries[artifactId];
      if (e?.meta || e?.error) return;
      await fetchPage(artifactId, 0);
    },
    async loadPages(artifactId, pages, around) {
      const e = get().entries[artifactId];
      if (e?.meta?.kind !== 'table') return;
      const missing = pages.filter((p) => !e.pages[p]);
      await Promise.all(missing.map((p) => fetchPage(artifactId, p)));
      const cached = Object.keys(get().entries[artifactId]?.pages ?? {}).map(Number);
      const evict = pagesToEvict(cached, around);
      if (evict.length > 0) update(artifactId, (x) => ({ ...x, pages: Object.fromEntries(Object.entries(x.pages).filter(([p]) => !evict.includes(Number(p)))) }));
    },
  };
});
