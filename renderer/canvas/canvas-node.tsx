import type { NodeProps } from '@xyflow/react';
import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { useRunStateStore } from '../stores/run-state.store';
import type { CanvasNode } from './flow-model';
import { shownState } from './node-state';
import { NEW_INPUT } from './ports';
import { RunBadge } from './run-badge';

/** One pipeline step: title, id, state badge, typed ports in rows, and its first error. */
function CanvasNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const run = useRunStateStore((s) => s.nodes[data.id]);
  const { id, info, inputs, outputs, errors, stale, text } = data;
  const runError = run?.state === 'failed' ? run.error?.message : undefined;
  // The node shows the gist; the inspector has the whole message.
  const firstError = runError ?? errors[0]?.message.split('; ')[0];
  return (
    <div
      className={`pnode${selected ? ' selected' : ''}${errors.length ? ' invalid' : ''} cat-${info?.category ?? 'unknown'}`}
      data-testid={`node-${id}`}
      data-state={shownState(run, stale)}
    >
      <div className="pnode-head">
        <span className="pnode-title" title={info?.description ?? data.use}>
          {info?.title ?? data.use}
        </span>
        <RunBadge info={run} stale={stale} />
      </div>
      <div className="pnode-id" title={data.use}>
        {id}
      </div>
      {text !== null ? <div className="pnode-text">{text.split('\n').slice(0, 3).join('\n') || 'empty note'}</div> : null}
      <div className="pnode-ports">
        <div className="pnode-col in">
          {inputs.map((p) => (
            <div key={p.name} className={`pnode-port port-${p.type}${data.bound.includes(p.name) ? ' bound' : ' in-free'}`} title={`${p.name}: ${p.type}${p.description ? ` — ${p.description}` : ''}`}>
              <Handle type="target" position={Position.Left} id={p.name} className={`handle handle-${p.type}`} data-testid={`handle-${id}-in-${p.name}`} />
              <span className="pnode-port-name">{p.name}</span>
              {p.optional && !p.dynamic ? <span className="pnode-port-opt">?</span> : null}
            </div>
          ))}
          {info?.dynamicInputs ? (
            <div className={`pnode-port add port-${info.dynamicInputs}`} title={`Drop a ${info.dynamicInputs} here to add a named input`}>
              <Handle type="target" position={Position.Left} id={NEW_INPUT} className={`handle handle-add handle-${info.dynamicInputs}`} data-testid={`handle-${id}-in-new`} />
              <span className="pnode-port-name">+ input</span>
            </div>
          ) : null}
        </div>
        <div className="pnode-col out">
          {outputs.map((p) => (
            <div key={p.name} className={`pnode-port port-${p.type}`} title={`${p.name}: ${p.type}${p.description ? ` — ${p.description}` : ''}`}>
              <span className="pnode-port-name">{p.name}</span>
              <Handle type="source" position={Position.Right} id={p.name} className={`handle handle-${p.type}`} data-testid={`handle-${id}-out-${p.name}`} />
            </div>
          ))}
        </div>
      </div>
      {firstError ? (
        <div className="pnode-error" data-testid={`node-error-${id}`} title={firstError}>
          {firstError.split('\n').slice(0, 2).join('\n')}
        </div>
      ) : null}
    </div>
  );
}

export const CanvasNodeComponent = memo(CanvasNodeView);
