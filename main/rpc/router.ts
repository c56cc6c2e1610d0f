import type { ErrorShape } from '../../shared/errors';
import { AppError, UnexpectedError, UserError, describeZodIssues, toErrorShape } from '../../shared/errors';
import type { ContractDef } from '../../shared/contracts/contract';
import type { CallContext, RegisteredService } from './service';

export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorShape };
export type EventSink = (service: string, event: unknown) => void;

/**
 * Dispatches calls to services, validating arguments on the way in (a bad call gets a
 * UserError naming the field, never a crash) and results on the way out (a service that
 * breaks its own contract is a bug, reported as UnexpectedError). Transports (WebSocket,
 * Electron IPC, in-process tests) all go through `call`.
 */
export class Router {
  private readonly services = new Map<string, RegisteredService>();
  private readonly sinks = new Set<EventSink>();

  register(...services: RegisteredService[]): void {
    for (const s of services) {
      if (this.services.has(s.contract.name)) throw new Error(`Service ${s.contract.name} registered twice`);
      this.services.set(s.contract.name, s);
    }
  }

  contracts(): ContractDef[] {
    return [...this.services.values()].map((s) => s.contract);
  }

  async call(service: string, method: string, rawArgs: unknown, ctx: CallContext): Promise<CallOutcome> {
    try {
      const svc = this.services.get(service);
      const def = svc && Object.hasOwn(svc.contract.methods, method) ? svc.contract.methods[method] : undefined;
      if (!svc || !def) throw new UserError('unknown_method', `Unknown method ${service}.${method}`, { service, method });
      const parsed = def.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const fields = describeZodIssues(parsed.error.issues, 'args');
        throw new UserError('invalid_arguments', `Invalid arguments for ${service}.${method}: ${fields.join('; ')}`, { fields });
      }
      const fn = (svc.impl as unknown as Record<string, (a: unknown, c: CallContext) => Promise<unknown>>)[method];
      if (!fn) throw new UnexpectedError('not_implemented', `${service}.${method} has no implementation`);
      const result = await fn.call(svc.impl, parsed.data, ctx);
      const checked = def.result.safeParse(result);
      if (!checked.success) {
        const fields = describeZodIssues(checked.error.issues, 'result');
        throw new UnexpectedError('invalid_result', `${service}.${method} returned a result that breaks its contract: ${fields.join('; ')}`);
      }
      return { ok: true, result: checked.data };
    } catch (err) {
      if (!(err instanceof AppError)) console.error(`[nodebook] ${service}.${method} failed:`, err);
      return { ok: false, error: toErrorShape(err) };
    }
  }

  /** Validates an event against its contract and hands it to every transport. */
  emit(service: string, event: unknown): void {
    const svc = this.services.get(service);
    if (!svc) throw new Error(`emit for unknown service ${service}`);
    const checked = svc.contract.events.safeParse(event);
    if (!checked.success) {
      console.error(`[nodebook] dropped an invalid ${service} event:`, describeZodIssues(checked.error.issues).join('; '));
      return;
    }
    for (const sink of this.sinks) sink(service, checked.data);
  }

  onEvent(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
