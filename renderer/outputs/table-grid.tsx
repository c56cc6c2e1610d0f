import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useArtifactPreviewStore, type Row } from '../stores/artifact-preview.store';
import { columnWidth, formatCell, isNumericType, PAGE_SIZE, pageOf, pagesForRange, sortRows, type SortDir } from './page-cache';

const ROW_HEIGHT = 26;
const INDEX_WIDTH = 56;

/**
 * A table artifact as a virtualized grid: only the rows in view are in the DOM, and rows are
 * fetched from the backend a page (200 rows) at a time as the user scrolls. The runs contract
 * pages without ORDER BY, so sorting orders each loaded page and says so.
 */
export function TableGrid({ artifactId, maxHeight = 320 }: { artifactId: string; maxHeight?: number }) {
  const entry = useArtifactPreviewStore((s) => s.entries[artifactId]);
  const ensure = useArtifactPreviewStore((s) => s.ensure);
  const loadPages = useArtifactPreviewStore((s) => s.loadPages);
  const [sort, setSort] = useState<{ column: string; dir: SortDir } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void ensure(artifactId);
  }, [artifactId, ensure]);

  const meta = entry?.meta?.kind === 'table' ? entry.meta : null;
  const rowCount = meta?.rowCount ?? 0;
  const pages = entry?.pages;
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (rowCount > 0) void loadPages(artifactId, pagesForRange(first, last, rowCount), pageOf(first));
  }, [artifactId, first, last, rowCount, loadPages]);

  const sortedPages = useMemo(() => {
    const out = new Map<number, Row[]>();
    for (const [p, rows] of Object.entries(pages ?? {})) out.set(Number(p), sort ? sortRows(rows, sort.column, sort.dir) : rows);
    return out;
  }, [pages, sort]);

  const widths = useMemo(() => {
    const sample = pages?.[0]?.slice(0, 50) ?? [];
    return (meta?.schema ?? []).map((c) => columnWidth(c.name, c.type, sample.map((r) => r[c.name])));
  }, [meta?.schema, pages]);

  const numeric = Object.fromEntries((meta?.schema ?? []).map((c) => [c.name, isNumericType(c.type)]));
  if (entry?.error) return <div className="error-box" data-testid="table-error">{entry.error}</div>;
  if (!meta) return <div className="output-loading">Loading table…</div>;

  const template = `${INDEX_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;
  const totalWidth = INDEX_WIDTH + widths.reduce((a, b) => a + b, 0);
  const toggle = (column: string) =>
    setSort((s) => (s?.column !== column ? { column, dir: 'asc' } : s.dir === 'asc' ? { column, dir: 'desc' } : null));

  return (
    <div className="table-grid" data-testid="table-grid" data-artifact={artifactId}>
      <div className="table-meta">
        <span data-testid="table-rowcount">
          {rowCount.toLocaleString('en-US')} row{rowCount === 1 ? '' : 's'} × {meta.schema.length} column{meta.schema.length === 1 ? '' : 's'}
        </span>
        {sort && (
          <span className="table-sorted" data-testid="table-sorted">
            sorted by {sort.column} {sort.dir === 'asc' ? '↑' : '↓'}
            {rowCount > PAGE_SIZE ? ` within each page of ${PAGE_SIZE} rows` : ''}
          </span>
        )}
      </div>
      {rowCount === 0 ? (
        <div className="table-empty muted" data-testid="table-empty">
          No rows. Columns: {meta.schema.map((c) => `${c.name} ${c.type}`).join(', ')}
        </div>
      ) : (
        <div className="table-scroll" ref={scrollRef} style={{ maxHeight }}>
          <div className="table-head" style={{ gridTemplateColumns: template, width: totalWidth }}>
            <div className="table-index">#</div>
            {meta.schema.map((c) => (
              <button key={c.name} type="button" className="table-th" data-testid={`table-th-${c.name}`} onClick={() => toggle(c.name)} title={`Sort by ${c.name}`}>
                <span className="table-col-name">
                  {c.name}
                  {sort?.column === c.name ? (sort.dir === 'asc' ? ' ↑' : ' ↓') : ''}
                </span>
                <span className="table-col-type">{c.type}</span>
              </button>
            ))}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), width: totalWidth, position: 'relative' }}>
            {items.map((item) => {
              const page = sortedPages.get(pageOf(item.index));
              const row = page?.[item.index % PAGE_SIZE];
              return (
                <div
                  key={item.key}
                  className="table-row"
                  data-testid="table-row"
                  data-index={item.index}
                  style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <div className="table-index">{item.index + 1}</div>
                  {meta.schema.map((c) => {
                    const v = row?.[c.name];
                    return (
                      <div key={c.name} className={`table-td${v === null ? ' null' : ''}${numeric[c.name] ? ' num' : ''}`}>
                        {row ? formatCell(v) : '…'}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
