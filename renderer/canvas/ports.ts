import type { ComponentInfo, PortType } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { nodeOutputs } from '../../shared/pipeline/validate';

/** The id of the "+" handle that creates a new named input on components with dynamic inputs. */
export const NEW_INPUT = '+';

export interface PortInfo {
  name: string;
  type: PortType;
  description: string;
  optional: boolean;
  /** A dynamic input (named per node, like a SQL view or a code variable) or a code cell's `out:` port. */
  dynamic: boolean;
}

export type Catalog = ReadonlyMap<string, ComponentInfo>;

export const toCatalog = (list: readonly ComponentInfo[]): Catalog => new Map(list.map((c) => [c.key, c]));

/** What a node shows as handles: declared ports, then the dynamic ones this node uses. */
export function nodePorts(node: PipelineNode, info: ComponentInfo | undefined): { inputs: PortInfo[]; outputs: PortInfo[] } {
  if (!info) {
    // Unknown component: still draw its bindings so the user sees (and can remove) them.
    const inputs = Object.keys(node.in ?? {}).map((name) => ({ name, type: 'value' as const, description: '', optional: true, dynamic: true }));
    return { inputs, outputs: [] };
  }
  const inputs: PortInfo[] = Object.entries(info.inputs).map(([name, spec]) => ({ name, ...spec, dynamic: false }));
  if (info.dynamicInputs !== null) {
    for (const name of Object.keys(node.in ?? {})) {
      if (!Object.hasOwn(info.inputs, name)) inputs.push({ name, type: info.dynamicInputs, description: 'named input', optional: true, dynamic: true });
    }
  }
  const outputs: PortInfo[] = Object.entries(nodeOutputs(node, info)).map(([name, type]) => ({
    name,
    type,
    description: info.outputs[name]?.description ?? 'declared in out:',
    optional: false,
    dynamic: !Object.hasOwn(info.outputs, name),
  }));
  return { inputs, outputs };
}

/** The first free input name for a dynamic input fed by `hint` (the upstream node or port). */
export function freshInputName(node: PipelineNode, info: ComponentInfo, hint: string): string {
  const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(hint) ? hint : 'input';
  const taken = new Set([...Object.keys(info.inputs), ...Object.keys(node.in ?? {})]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
