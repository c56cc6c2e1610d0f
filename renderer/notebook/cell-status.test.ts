import { describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import { cellKind, cellStatus, codeLanguage } from './cell-status';

const info = (over: Partial<ComponentInfo>): ComponentInfo => ({
  key: 'x@1',
  id: 'x',
  version: 1,
  title: 'X',
  category: 'data',
  description: '',
  inputs: {},
  outputs: {},
  dynamicInputs: null,
  dynamicOutputs: false,
  codeLanguage: null,
  hasText: false,
  paramsSchema: {},
  ...over,
});

describe('cellStatus', () => {
  it('shows live states over staleness, and staleness over the last result', () => {
    expect(cellStatus(undefined, false)).toBe('idle');
    expect(cellStatus(undefined, true)).toBe('stale');
    expect(cellStatus({ state: 'done' }, true)).toBe('stale');
    expect(cellStatus({ state: 'running' }, true)).toBe('running');
    expect(cellStatus({ state: 'queued' }, false)).toBe('queued');
    expect(cellStatus({ state: 'cached' }, false)).toBe('cached');
  });
});

describe('cellKind', () => {
  it('follows the component, else the node keys', () => {
    expect(cellKind({ use: 'code.python@1' }, info({ codeLanguage: 'python' }))).toBe('code');
    expect(cellKind({ use: 'note@1' }, info({ hasText: true }))).toBe('note');
    expect(cellKind({ use: 'data.split@1' }, info({}))).toBe('params');
    expect(cellKind({ use: 'code.python@1', code: '' }, undefined)).toBe('code');
    expect(cellKind({ use: 'note@1', text: '' }, undefined)).toBe('note');
    expect(codeLanguage({ use: 'code.sql@1' }, undefined)).toBe('sql');
    expect(codeLanguage({ use: 'code.js@1' }, undefined)).toBe('javascript');
  });
});
