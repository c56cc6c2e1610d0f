import { z } from 'zod';
import type { ArtifactRecord } from '../../shared/contracts/runs.contract';

/** Row shapes of the lineage tables, parsed with zod on the way out of SQLite. */
export const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
export const objectJson = (text: string): Record<string, unknown> => z.record(z.string(), z.unknown()).catch({}).parse(parseJson(text));

export const artifactRow = z.object({
  id: z.string(),
  type: z.string(),
  uri: z.string(),
  sha256: z.string(),
  size: z.number(),
  properties: z.string(),
  created_at: z.string(),
});
export const toArtifact = (r: z.infer<typeof artifactRow>): ArtifactRecord => ({
  id: r.id,
  type: r.type,
  uri: r.uri,
  sha256: r.sha256,
  size: r.size,
  properties: objectJson(r.properties),
  createdAt: r.created_at,
});

