import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { pipelineFileName } from './names';

interface Props {
  showingList: boolean;
  onList: () => void;
  onOpen: (path: string) => void;
}

/** "All pipelines", then one tab per open pipeline; the active one shows its save state. */
export function PipelineTabs({ showingList, onList, onOpen }: Props) {
  const tabs = usePipelineEditorStore((s) => s.tabs);
  const active = usePipelineEditorStore((s) => s.path);
  const saveState = usePipelineEditorStore((s) => s.saveState);
  const close = usePipelineEditorStore((s) => s.close);
  return (
    <nav className="pl-tabs" role="tablist" aria-label="Open pipelines">
      <button type="button" role="tab" aria-selected={showingList} className={`pl-tab${showingList ? ' on' : ''}`} onClick={onList} data-testid="pipeline-tab-list">
        All pipelines
      </button>
      {tabs.map((path) => {
        const name = pipelineFileName(path);
        const on = !showingList && path === active;
        return (
          <span key={path} className={`pl-tab${on ? ' on' : ''}`} role="tab" aria-selected={on} title={path}>
            <button type="button" className="pl-tab-name" onClick={() => onOpen(path)} data-testid={`pipeline-tab-${name}`}>
              {name}
              {path === active && saveState !== 'saved' ? <span className={`dot ${saveState}`} aria-label={saveState} /> : null}
            </button>
            <button type="button" className="pl-tab-close" aria-label={`Close ${name}`} onClick={() => close(path)} data-testid={`pipeline-tab-close-${name}`}>
              ×
            </button>
          </span>
        );
      })}
    </nav>
  );
}
