import { useEffect, useState } from 'react';
import { PipelineEditorView } from '../canvas/pipeline-editor-view';
import { PipelineListView } from '../canvas/pipeline-list-view';
import { PipelineTabs } from '../canvas/pipeline-tabs';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { usePipelineListStore } from '../stores/pipeline-list.store';
import { useWorkspaceStore } from '../stores/workspace.store';
import { SectionHeader } from './section-header';

/** The pipelines of the workspace, and the open ones as tabs (canvas or notebook). */
export function PipelinesSection() {
  const root = useWorkspaceStore((s) => s.current?.root);
  const path = usePipelineEditorStore((s) => s.path);
  const tabs = usePipelineEditorStore((s) => s.tabs);
  const open = usePipelineEditorStore((s) => s.open);
  const restoreTabs = usePipelineEditorStore((s) => s.restoreTabs);
  const load = usePipelineListStore((s) => s.load);
  const [listShown, setListShown] = useState(false);

  useEffect(() => {
    if (!root) return;
    void load();
    void restoreTabs();
  }, [root, load, restoreTabs]);

  // A pipeline opened from anywhere (a new one, a run's link) comes to the front.
  useEffect(() => {
    if (path) setListShown(false);
  }, [path]);

  const showList = listShown || !path;
  const openPath = (p: string) => {
    setListShown(false);
    void open(p);
  };
  return (
    <section data-testid="section-pipelines" className={`pipelines-section${showList ? '' : ' editing'}`}>
      {tabs.length > 0 ? <PipelineTabs showingList={showList} onList={() => setListShown(true)} onOpen={openPath} /> : null}
      {showList ? (
        <div className="pl-list-wrap">
          <SectionHeader title="Pipelines" subtitle="Pipelines of this workspace: each is a graph of steps, and the same document as notebook cells." />
          <PipelineListView onOpen={openPath} />
        </div>
      ) : (
        <PipelineEditorView />
      )}
    </section>
  );
}
