// Lint enforces the runtime rule of DESIGN.md: folders mean runtimes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads', 'stream', 'events', 'util'];
const nativeModules = ['better-sqlite3', '@duckdb/*', 'onnxruntime-node', 'ws', 'sirv', 'zeromq'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'resources/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict([...nodeBuiltins, ...nativeModules, 'electron', 'react', 'react-dom', 'react-dom/*', '**/main/**', '**/renderer/**'],
      'shared/ runs anywhere: only shared/ and pure libraries (DESIGN.md, runtime rule).'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: restrict([...nodeBuiltins, ...nativeModules, 'electron', '**/main/**'],
      'renderer/ runs in the browser: no Node, no native modules, no main/ (DESIGN.md, runtime rule).'),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: restrict(['electron', '**/renderer/**'],
      'electron may be imported only under main/electron/; main/ never imports renderer/ (DESIGN.md, runtime rule).'),
  },
  {
    files: ['main/electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict(['**/renderer/**'], 'main/ never imports renderer/.'),
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.{mjs,ts}', 'test/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
