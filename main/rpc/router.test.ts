import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../shared/contracts/contract';
import { Router } from './router';
import { registerService } from './service';

const demo = defineContract({
  name: 'demo',
  methods: {
    add: { description: 'adds', args: z.object({ a: z.number(), b: z.number().default(1) }), result: z.object({ sum: z.number() }) },
    broken: { description: 'breaks its contract', args: z.object({}), result: z.object({ ok: z.boolean() }) },
    fails: { description: 'throws', args: z.object({}), result: z.object({}) },
  },
  events: z.discriminatedUnion('type', [z.object({ type: z.literal('tick'), n: z.number() })]),
});

function router(): Router {
  const r = new Router();
  r.register(
    registerService(demo, {
      add: async ({ a, b }) => ({ sum: a + b }),
      // A bug on purpose: the result breaks the contract.
      broken: async () => JSON.parse('{"ok":"yes"}'),
      fails: async () => {
        throw new TypeError('boom');
      },
    }),
  );
  return r;
}
const ctx = { transport: 'test' } as const;

describe('Router', () => {
  it('validates arguments, applies defaults, and returns results', async () => {
    expect(await router().call('demo', 'add', { a: 2 }, ctx)).toEqual({ ok: true, result: { sum: 3 } });
  });

  it('answers bad arguments with a UserError naming the field', async () => {
    const out = await router().call('demo', 'add', { a: 'two' }, ctx);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.name).toBe('UserError');
    expect(out.error.code).toBe('invalid_arguments');
    expect(out.error.message).toContain('args.a');
  });

  it('refuses unknown services and methods, including inherited names', async () => {
    for (const [s, m] of [['nope', 'add'], ['demo', 'nope'], ['demo', 'toString'], ['demo', '__proto__']] as const) {
      const out = await router().call(s, m, {}, ctx);
      expect(out).toMatchObject({ ok: false, error: { name: 'UserError', code: 'unknown_method' } });
    }
  });

  it('reports a result that breaks the contract as a bug', async () => {
    expect(await router().call('demo', 'broken', {}, ctx)).toMatchObject({ ok: false, error: { name: 'UnexpectedError', code: 'invalid_result' } });
  });

  it('turns a thrown non-app error into UnexpectedError without crashing', async () => {
    expect(await router().call('demo', 'fails', {}, ctx)).toMatchObject({ ok: false, error: { name: 'UnexpectedError', message: 'boom' } });
  });

  it('delivers valid events and drops invalid ones', () => {
    const r = router();
    const seen: unknown[] = [];
    r.onEvent((service, event) => seen.push([service, event]));
    r.emit('demo', { type: 'tick', n: 1 });
    r.emit('demo', { type: 'tick', n: 'x' });
    expect(seen).toEqual([['demo', { type: 'tick', n: 1 }]]);
  });
});
