import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { NODE_WIDTH } from './auto-layout';

/** The dataTransfer type a palette drag carries: the component key. */
export const COMPONENT_MIME = 'application/x-nodebook-component';

const CATEGORY_ORDER = ['data', 'code', 'model', 'evaluate', 'note'];

function groups(catalog: readonly ComponentInfo[], query: string): [string, ComponentInfo[]][] {
  const q = query.trim().toLowerCase();
  const hits = catalog.filter((c) => !q || `${c.title} ${c.key} ${c.description} ${c.category}`.toLowerCase().includes(q));
  const byCategory = new Map<string, ComponentInfo[]>();
  for (const c of hits) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);
  const rank = (cat: string) => (CATEGORY_ORDER.includes(cat) ? CATEGORY_ORDER.indexOf(cat) : CATEGORY_ORDER.length);
  return [...byCategory.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Components by category: drag one onto the canvas, or click to add it after the selected node. */
export function Palette() {
  const catalog = usePipelineEditorStore((s) => s.catalog);
  const addNode = usePipelineEditorStore((s) => s.addNode);
  const [query, setQuery] = useState('');
  const grouped = useMemo(() => groups(catalog, query), [catalog, query]);
  const { screenToFlowPosition, getViewport, setCenter } = useReactFlow();
  const add = (key: string) => {
    const { selection } = usePipelineEditorStore.getState();
    const after = selection.length === 1 ? selection[0] : undefined;
    const id = addNode(key, after ? { after } : {});
    // A click adds the node where the graph says; if that is off screen, bring it into view.
    const pos = usePipelineEditorStore.getState().doc?.layout[id];
    const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    if (!pos || !box) return;
    const topLeft = screenToFlowPosition({ x: box.left, y: box.top });
    const bottomRight = screenToFlowPosition({ x: box.right, y: box.bottom });
    const inside = pos[0] >= topLeft.x && pos[1] >= topLeft.y && pos[0] + NODE_WIDTH <= bottomRight.x && pos[1] + 80 <= bottomRight.y;
    if (!inside) void setCenter(pos[0] + NODE_WIDTH / 2, pos[1] + 60, { zoom: getViewport().zoom });
  };
  return (
    <aside className="palette" data-testid="palette">
      <input className="palette-search" type="search" placeholder="Search components" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      <div className="palette-list">
        {grouped.map(([category, items]) => (
          <section key={category}>
            <h3>{category}</h3>
            {items.map((c) => (
              <button
                key={c.key}
                type="button"
                className={`palette-item cat-${c.category}`}
                draggable
                data-testid={`palette-item-${c.key}`}
                title={`${c.key}: click to add (after the selected node), or drag onto the canvas`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(COMPONENT_MIME, c.key);
                  e.dataTransfer.setData('text/plain', c.key);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => add(c.key)}
              >
                <span className="palette-title">{c.title}</span>
                <span className="palette-desc">{c.description}</span>
              </button>
            ))}
          </section>
        ))}
        {grouped.length === 0 ? <p className="muted">No component matches “{query}”.</p> : null}
      </div>
    </aside>
  );
}
