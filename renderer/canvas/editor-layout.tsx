import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBox } from '../components/error-box';
import { NotebookView } from '../notebook/notebook-view';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useRunStateStore } from '../stores/run-state.store';
import { CanvasToolbar } from './canvas-toolbar';
import { CanvasView } from './canvas-view';
import { ConflictBanner } from './conflict-banner';
import { Inspector } from './inspector';
import { Palette } from './palette';
import { ShortcutsHelp } from './shortcuts-help';
import { useCanvasShortcuts } from './use-canvas-shortcuts';


/** Toolbar, then palette | canvas | inspector, or the notebook. */
export function EditorLayout() {
  const view = usePipelineEditorStore((s) => s.view);
  const path = usePipelineEditorStore((s) => s.path);
  const doc = usePipelineEditorStore((s) => s.doc);
  const loadError = usePipelineEditorStore((s) => s.loadError);
  const loadLast = useRunStateStore((s) => s.loadLast);
  const { fitView } = useReactFlow();
  const [help, setHelp] = useState(false);
  const helpOpen = useRef(false);
  helpOpen.current = help;

  useEffect(() => {
    if (path) void loadLast(path);
  }, [path, loadLast]);

  const fit = useCallback(() => void fitView({ padding: 0.2, maxZoom: 1 }), [fitView]);
  const actions = useMemo(
    () => ({
      toggleHelp: () => setHelp((h) => !h),
      closeHelp: () => {
        const was = helpOpen.current;
        setHelp(false);
        return was;
      },
      fitView: fit,
    }),
    [fit],
  );
  useCanvasShortcuts(actions);

  return (
    <div className="pl-editor" data-testid="pipeline-editor" data-path={path ?? ''}>
      <CanvasToolbar onFitView={fit} onToggleHelp={() => setHelp((h) => !h)} />
      <ConflictBanner />
      {loadError ? (
        <div className="pl-load-error" data-testid="pipeline-load-error">
          <ErrorBox error={{ kind: 'UserError', message: `${loadError.message}\n\nFix the file in a text editor; it reloads here when saved.` }} />
          <pre className="mono">{loadError.text}</pre>
        </div>
      ) : doc && view === 'notebook' ? (
        <NotebookView />
      ) : doc ? (
        <div className="pl-body">
          <Palette />
          <CanvasView />
          <Inspector />
        </div>
      ) : null}
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
