import { createHash } from 'node:crypto';
import type { ComponentDefinition } from './component';
import { componentKey } from './component';
import { canonicalJson } from './canonical-json';

export interface CacheKeyInput {
  readonly component: string;
  readonly params: unknown;
  readonly code: string | undefined;
  /** port → sha256 of the input artifact. */
  readonly inputs: Readonly<Record<string, string>>;
  /** port → port type. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly fingerprint: string;
}

export function cacheKey(input: CacheKeyInput): string {
  const text = canonicalJson({
    v: 1,
    component: input.component,
    params: input.params ?? null,
    code: input.code ?? null,
    inputs: input.inputs,
    outputs: input.outputs,
    fingerprint: input.fingerprint,
  });
  return createHash('sha256').update(text).digest('hex');
}

// Fingerprints (e.g. the Python version) cost a process spawn: compute each once per process.
const fingerprints = new Map<string, Promise<string>>();

export function runtimeFingerprint(def: ComponentDefinition, env: { python: string }): Promise<string> {
  if (!def.fingerprint) return Promise.resolve('');
  const key = `${componentKey(def)}\u0000${env.python}`;
  let found = fingerprints.get(key);
  if (!found) {
    found = def.fingerprint(env).catch((err: unknown) => {
      fingerprints.delete(key); // a failed probe (missing interpreter) must not stick
      throw err;
    });
    fingerprints.set(key, found);
  }
  return found;
}
