// Reference page for bench/ui-speed.ts: bare @xyflow/react drawing the same nodes and edges
// (default node type, same positions, same Background/MiniMap/Controls and zoom limits as the
// app's canvas) with no app around it. Bundled by ui-speed.ts with esbuild and served to
// Chromium from memory; `window.__mount(nodes, edges)` draws them.
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

export interface RefGraph {
  nodes: { id: string; label: string; x: number; y: number }[];
  edges: { id: string; source: string; target: string }[];
}

declare global {
  interface Window {
    __mount?: (g: RefGraph) => void;
  }
}

function Flow({ graph }: { graph: RefGraph }) {
  const [nodes] = useState<Node[]>(() => graph.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.label } })));
  const [edges] = useState<Edge[]>(() => graph.edges.map((e) => ({ ...e })));
  return (
    <ReactFlow nodes={nodes} edges={edges} fitView fitViewOptions={{ padding: 0.2, maxZoom: 1 }} minZoom={0.2} maxZoom={2} proOptions={{ hideAttribution: true }}>
      <Background gap={20} size={1} />
      <MiniMap pannable zoomable />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

const host = document.getElementById('root');
if (host) {
  const root = createRoot(host);
  window.__mount = (graph) =>
    root.render(
      <ReactFlowProvider>
        <div style={{ width: '100vw', height: '100vh' }}>
          <Flow graph={graph} />
        </div>
      </ReactFlowProvider>,
    );
}
