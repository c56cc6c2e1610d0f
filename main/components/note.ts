import { z } from 'zod';
import { defineComponent } from '../engine/component';

/** A markdown note on the canvas and in the notebook; its text lives in the node's `text:`. */
export const note = defineComponent({
  id: 'note',
  version: 1,
  title: 'Note',
  category: 'note',
  description: 'Markdown text between the steps; it runs nothing.',
  inputs: {},
  outputs: {},
  hasText: true,
  params: z.object({}),
  run: () => Promise.resolve({ outputs: {} }),
});
