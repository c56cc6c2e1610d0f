import type { ClientOf, ContractDef, EventOf } from '../../shared/contracts/contract';
import { fromErrorShape, UnexpectedError, describeZodIssues } from '../../shared/errors';
import type { Transport } from './transport';

/**
 * A typed client generated from a contract: one async function per method. Results are
 * parsed with the contract's schema, and errors are rebuilt as UserError/OperationalError/
 * UnexpectedError so stores can tell them apart.
 */
export function createClient<C extends ContractDef>(contract: C, transport: Transport): ClientOf<C> {
  const entries = Object.entries(contract.methods).map(([method, def]) => {
    const fn = async (args: unknown): Promise<unknown> => {
      const outcome = await transport.call(contract.name, method, args ?? {});
      if (!outcome.ok) throw fromErrorShape(outcome.error);
      const parsed = def.result.safeParse(outcome.result);
      if (!parsed.success) {
        throw new UnexpectedError('invalid_result', `${contract.name}.${method}: ${describeZodIssues(parsed.error.issues).join('; ')}`);
      }
      return parsed.data;
    };
    return [method, fn] as const;
  });
  // Object.fromEntries loses the per-method types that the mapped type restores.
  return Object.freeze(Object.fromEntries(entries)) as ClientOf<C>;
}

/** Subscribes to one service's events, parsed against its contract; invalid ones are dropped. */
export function subscribe<C extends ContractDef>(contract: C, transport: Transport, listener: (event: EventOf<C>) => void): () => void {
  return transport.onEvent((service, event) => {
    if (service !== contract.name) return;
    const parsed = contract.events.safeParse(event);
    // safeParse of a generic schema yields `unknown`; the schema is C['events'], so this is its output type.
    if (parsed.success) listener(parsed.data as EventOf<C>);
  });
}
