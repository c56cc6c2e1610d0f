import { describe, expect, it } from 'vitest';
import { describeComponent } from '../engine/component';
import { createTestContext } from './test-context';
import { note } from './note';

describe('note@1', () => {
  it('carries text, has no ports and runs to nothing', async () => {
    const info = describeComponent(note);
    expect(info).toMatchObject({ key: 'note@1', hasText: true, inputs: {}, outputs: {} });
    const t = await createTestContext(note);
    try {
      expect(await t.run()).toEqual({ outputs: {} });
    } finally {
      await t.cleanup();
    }
  });
});
