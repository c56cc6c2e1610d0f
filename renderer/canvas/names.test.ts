import { describe, expect, it } from 'vitest';
import { freeName, pipelineFileName } from './names';

describe('pipeline names', () => {
  it('reads the name of a pipeline file and finds free names', () => {
    expect(pipelineFileName('pipelines/penguins.nodebook.yaml')).toBe('penguins');
    expect(pipelineFileName('pipelines/old.yml')).toBe('old');
    expect(freeName('pipeline', [])).toBe('pipeline');
    expect(freeName('pipeline', ['pipelines/pipeline.nodebook.yaml', 'pipelines/pipeline-2.nodebook.yaml'])).toBe('pipeline-3');
  });
});
