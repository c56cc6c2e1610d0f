import type { z } from 'zod';

/**
 * One backend service = one contract: methods with zod schemas for arguments and results, and
 * a discriminated union of typed events. Main validates calls against it; the renderer gets a
 * typed client generated from it (renderer/client/create-client.ts).
 *
 * To add a service: write `shared/contracts/<name>.contract.ts` with `defineContract`, list it
 * in `shared/contracts/index.ts`, implement `ServiceImpl<typeof contract>` in
 * `main/services/<name>.service.ts`, and register it in `main/services/index.ts`.
 */
export interface MethodDef {
  readonly description: string;
  readonly args: z.ZodType;
  readonly result: z.ZodType;
}

export interface ContractDef<
  N extends string = string,
  M extends Record<string, MethodDef> = Record<string, MethodDef>,
  E extends z.ZodType = z.ZodType,
> {
  readonly name: N;
  readonly methods: M;
  readonly events: E;
}

export function defineContract<const N extends string, M extends Record<string, MethodDef>, E extends z.ZodType>(
  def: ContractDef<N, M, E>,
): ContractDef<N, M, E> {
  return def;
}

/** What a caller passes (before defaults) and what it gets back (after parsing). */
export type ArgsIn<M extends MethodDef> = z.input<M['args']>;
export type ArgsOut<M extends MethodDef> = z.output<M['args']>;
export type ResultIn<M extends MethodDef> = z.input<M['result']>;
export type ResultOut<M extends MethodDef> = z.output<M['result']>;
export type EventOf<C extends ContractDef> = z.output<C['events']>;

/** The typed client a renderer store uses. */
export type ClientOf<C extends ContractDef> = {
  readonly [K in keyof C['methods']]: (args: ArgsIn<C['methods'][K]>) => Promise<ResultOut<C['methods'][K]>>;
};
