const SUFFIX = '.nodebook.yaml';

/** `pipelines/penguins.nodebook.yaml` -> `penguins`. */
export function pipelineFileName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.endsWith(SUFFIX) ? base.slice(0, -SUFFIX.length) : base.replace(/\.ya?ml$/, '');
}

/** `base`, else `base-2`, `base-3`…: the first name no pipeline file uses. */
export function freeName(base: string, paths: readonly string[]): string {
  const taken = new Set(paths.map(pipelineFileName));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
