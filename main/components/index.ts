import type { ComponentDefinition } from '../engine/component';
import { ComponentRegistry } from '../engine/component';
import { codeComponents } from './code/index';
import { dataComponents } from './data/index';
import { modelComponents } from './model/index';

/** The built-in components; the registry throws if two share an `id@version`. */
export function createRegistry(extra: readonly ComponentDefinition[] = []): ComponentRegistry {
  return new ComponentRegistry([...dataComponents, ...codeComponents, ...modelComponents, ...extra]);
}

// Lives in the engine so that planning a run does not load every built-in component.
export { validateComponentParams, type ParamIssue } from '../engine/param-check';
