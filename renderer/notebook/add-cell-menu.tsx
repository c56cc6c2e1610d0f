import { useMemo, useState } from 'react';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useNotebookStore } from '../stores/notebook.store';

/** The cells most notebooks add, offered first. */
const QUICK = ['code.python@1', 'code.sql@1', 'note@1'];

/**
 * "Add cell below": a component picker. The new cell is wired to this cell's main output when
 * the types allow, and placed right below it.
 */
export function AddCellMenu({ after }: { after: string | null }) {
  const catalog = usePipelineEditorStore((s) => s.catalog);
  const addCellBelow = useNotebookStore((s) => s.addCellBelow);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const quick = useMemo(() => QUICK.map((k) => catalog.find((c) => c.key === k)).filter((c) => c !== undefined), [catalog]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return catalog.filter((c) => !q || `${c.title} ${c.key} ${c.category}`.toLowerCase().includes(q));
  }, [catalog, query]);
  const suffix = after ?? 'end';

  const pick = (key: string) => {
    setOpen(false);
    setQuery('');
    void addCellBelow(key, after).then((id) => {
      // Let the new cell render, then bring it into view.
      requestAnimationFrame(() => document.querySelector(`[data-testid="cell-${CSS.escape(id ?? '')}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
    });
  };

  return (
    <div className="add-cell">
      <button type="button" className="add-cell-button" onClick={() => setOpen(!open)} aria-expanded={open} data-testid={`add-cell-${suffix}`}>
        + {after ? 'Add cell below' : 'Add cell'}
      </button>
      {open && (
        <div className="add-cell-menu" role="menu" data-testid={`add-cell-menu-${suffix}`}>
          <div className="add-cell-quick">
            {quick.map((c) => (
              <button key={c.key} type="button" className="primary-outline" onClick={() => pick(c.key)} data-testid={`add-cell-option-${c.key}`}>
                {c.title}
              </button>
            ))}
          </div>
          <input type="search" placeholder="Search components" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus aria-label="search components" />
          <div className="add-cell-list">
            {matches
              .filter((c) => !QUICK.includes(c.key) || query !== '')
              .map((c) => (
                <button key={c.key} type="button" role="menuitem" className="add-cell-item" onClick={() => pick(c.key)} data-testid={`add-cell-item-${c.key}`}>
                  <span>{c.title}</span>
                  <span className="muted">{c.key}</span>
                </button>
              ))}
            {matches.length === 0 && <p className="muted">No component matches “{query}”.</p>}
          </div>
        </div>
      )}
    </div>
  );
}
