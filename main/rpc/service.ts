import type { ArgsOut, ContractDef, EventOf, ResultIn } from '../../shared/contracts/contract';

/** Per-call facts a service may need (which transport, for logs and auth decisions). */
export interface CallContext {
  readonly transport: 'ws' | 'ipc' | 'cli' | 'test';
}

/** A service implements every method of its contract; args arrive already validated. */
export type ServiceImpl<C extends ContractDef> = {
  readonly [K in keyof C['methods']]: (args: ArgsOut<C['methods'][K]>, ctx: CallContext) => Promise<ResultIn<C['methods'][K]>>;
};

/** How a service publishes its typed events to every connected UI. */
export type Emit<C extends ContractDef> = (event: EventOf<C>) => void;

export interface RegisteredService<C extends ContractDef = ContractDef> {
  readonly contract: C;
  readonly impl: ServiceImpl<C>;
}

export function registerService<C extends ContractDef>(contract: C, impl: ServiceImpl<C>): RegisteredService {
  // The router only calls impl through the contract's validated methods, so widening is safe here.
  return { contract, impl } as unknown as RegisteredService;
}
