import type { ComponentRegistry } from './component';

export interface ParamIssue {
  /** Dotted path inside `with:` ('' for the whole map). */
  readonly path: string;
  readonly message: string;
}

/** Checks a node's `with:` against its component's zod schema. Unknown components yield no issues (the validator reports them). */
export function validateComponentParams(registry: ComponentRegistry, key: string, params: unknown): ParamIssue[] {
  const def = registry.get(key);
  if (!def) return [];
  const result = def.params.safeParse(params ?? {});
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
