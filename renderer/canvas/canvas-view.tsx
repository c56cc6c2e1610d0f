import type { Connection, EdgeChange, FinalConnectionState, IsValidConnection, NodeChange, OnBeforeDelete } from '@xyflow/react';
import { Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { CanvasNodeComponent } from './canvas-node';
import { ConnectionMessage } from './connection-message';
import { connectionError } from './connection-rules';
import type { CanvasEdge, CanvasNode } from './flow-model';
import { parseEdgeId, toFlowEdges, toFlowNodes } from './flow-model';
import { COMPONENT_MIME } from './palette';
import { toCatalog } from './ports';

// Module scope: a new object per render would make React Flow remount every node (DESIGN.md, conventions 7).
const nodeTypes = { pipeline: CanvasNodeComponent };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];

type Ref = { node: string; port: string };

/** Output side first, whichever end the user started dragging from. */
function ends(c: Connection): { from: Ref; to: Ref } | null {
  if (!c.sourceHandle || !c.targetHandle) return null;
  return { from: { node: c.source, port: c.sourceHandle }, to: { node: c.target, port: c.targetHandle } };
}

/** The graph view of the open pipeline. The document in the store is the truth; this draws it. */
export function CanvasView() {
  const doc = usePipelineEditorStore((s) => s.doc);
  const catalogList = usePipelineEditorStore((s) => s.catalog);
  const diagnostics = usePipelineEditorStore((s) => s.diagnostics);
  const stale = usePipelineEditorStore((s) => s.stale);
  const selection = usePipelineEditorStore((s) => s.selection);
  const path = usePipelineEditorStore((s) => s.path);
  const catalog = useMemo(() => toCatalog(catalogList), [catalogList]);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const [nodes, setNodes] = useState<CanvasNode[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [refusal, setRefusal] = useState<string | null>(null);
  const dragging = useRef(false);

  useEffect(() => {
    // While a drag is under way React Flow owns the positions; the drop commits them.
    if (!doc || dragging.current) return;
    setNodes((prev) => toFlowNodes(doc, catalog, diagnostics, stale, selection, prev));
  }, [doc, catalog, diagnostics, stale, selection]);

  const edges = useMemo(() => (doc ? toFlowEdges(doc, catalog, selectedEdges) : []), [doc, catalog, selectedEdges]);

  // A newly opened pipeline is framed once, when its nodes have their sizes; after that the
  // viewport is the user's (edits, reloads from disk and drops must not move it).
  const framed = useRef<string | null>(null);
  const measured = nodes.length > 0 && nodes.every((n) => n.measured?.width !== undefined);
  useEffect(() => {
    if (!path || framed.current === path || !doc) return;
    if (Object.keys(doc.nodes).length === 0) {
      framed.current = path;
      return;
    }
    if (!measured) return;
    framed.current = path;
    void fitView({ padding: 0.2, maxZoom: 1 });
  }, [path, doc, measured, fitView]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const kept = changes.filter((c) => c.type !== 'remove');
    setNodes((prev) => applyNodeChanges(kept, prev));
    if (kept.some((c) => c.type === 'select')) {
      // Selection is shared with the notebook, so it lives in the store.
      const current = new Set(usePipelineEditorStore.getState().selection);
      for (const c of kept) {
        if (c.type !== 'select') continue;
        if (c.selected) current.add(c.id);
        else current.delete(c.id);
      }
      usePipelineEditorStore.getState().select([...current]);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    setSelectedEdges((prev) => {
      const next = new Set(prev);
      for (const c of changes) {
        if (c.type !== 'select') continue;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
  }, []);

  const onBeforeDelete: OnBeforeDelete<CanvasNode, CanvasEdge> = useCallback(async ({ nodes: gone, edges: cut }) => {
    const ids = gone.map((n) => n.id);
    const inputs = cut.flatMap((e) => parseEdgeId(e.id) ?? []).filter((ref) => !ids.includes(ref.node));
    usePipelineEditorStore.getState().removeElements(ids, inputs);
    setSelectedEdges(new Set());
    return false; // the store's new document redraws the canvas
  }, []);

  const isValidConnection: IsValidConnection<CanvasEdge> = useCallback(
    (c) => {
      const pair = 'sourceHandle' in c && doc ? ends({ source: c.source, target: c.target, sourceHandle: c.sourceHandle ?? null, targetHandle: c.targetHandle ?? null }) : null;
      return pair !== null && doc !== null && connectionError(doc, catalog, pair.from, pair.to) === null;
    },
    [doc, catalog],
  );

  const onConnect = useCallback((c: Connection) => {
    const pair = ends(c);
    if (!pair) return;
    const { error } = usePipelineEditorStore.getState().connect(pair.from, pair.to);
    setRefusal(error ?? null);
  }, []);

  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const { fromHandle, toHandle, isValid } = state;
      if (!doc || !fromHandle?.id || !toHandle?.id || isValid !== false) return;
      const out = fromHandle.type === 'source' ? fromHandle : toHandle;
      const inp = fromHandle.type === 'source' ? toHandle : fromHandle;
      if (!out.id || !inp.id) return;
      setRefusal(connectionError(doc, catalog, { node: out.nodeId, port: out.id }, { node: inp.nodeId, port: inp.id }) ?? 'these ports cannot be connected');
    },
    [doc, catalog],
  );

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const key = e.dataTransfer.getData(COMPONENT_MIME);
      if (!key) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The pointer holds the node by its title bar, not its top-left corner.
      usePipelineEditorStore.getState().addNode(key, { position: [p.x - 100, p.y - 20] });
    },
    [screenToFlowPosition],
  );

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes(COMPONENT_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  return (
    <div className="canvas" data-testid="canvas" onDrop={onDrop} onDragOver={onDragOver}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onBeforeDelete={onBeforeDelete}
        onConnect={onConnect}
        onConnectStart={() => setRefusal(null)}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => (dragging.current = true)}
        onNodeDragStop={(_e, _node, moved) => {
          dragging.current = false;
          usePipelineEditorStore.getState().moveNodes(Object.fromEntries(moved.map((n) => [n.id, [n.position.x, n.position.y]])));
        }}
        onPaneClick={() => setRefusal(null)}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_KEYS}
        selectionKeyCode="Shift"
        selectionOnDrag={false}
        snapToGrid
        snapGrid={[10, 10]}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
      >
        <Background gap={20} size={1} />
        <MiniMap pannable zoomable className="minimap" />
        <Controls showInteractive={false} />
        <ConnectionMessage refusal={refusal} onDismiss={() => setRefusal(null)} />
      </ReactFlow>
      {doc && Object.keys(doc.nodes).length === 0 ? (
        <div className="canvas-empty" data-testid="canvas-empty">
          Drag a component from the palette onto the canvas, or click one to add it.
        </div>
      ) : null}
    </div>
  );
}
