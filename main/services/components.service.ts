import type { componentsContract } from '../../shared/contracts/components.contract';
import type { ComponentRegistry } from '../engine/component';
import type { ServiceImpl } from '../rpc/service';

export function createComponentsService(deps: { registry: ComponentRegistry }): ServiceImpl<typeof componentsContract> {
  // Described once: the registry is fixed for the life of the process, and JSON Schema generation is not free.
  let described: ReturnType<ComponentRegistry['describe']> | undefined;
  return {
    list: async () => (described ??= deps.registry.describe()),
  };
}
