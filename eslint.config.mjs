import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.spec.ts', '**/__tests__/**'];

/** Module boundaries: which code may import what (see each package's README). */
const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/*.cjs', '.nx/**', '**/data/**', 'packages/*/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // core is pure rules: nothing of ours, no I/O, no timers, no frameworks.
    files: ['packages/core/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict([
        { group: ['@service-center/*'], message: 'core imports nothing of ours: the other packages depend on it.' },
        {
          group: ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process', 'timers', 'node:timers', 'timers/*', 'node:timers/*', 'worker_threads', 'node:worker_threads', 'koa', 'ws', 'pino', 'better-sqlite3', 'etcd3'],
          message: 'core does no I/O and keeps no timers: take the value as a parameter instead.',
        },
      ]),
    },
  },
  {
    // The client talks to servers over the wire; it shares only core's codecs with them.
    files: ['packages/client/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict([{ group: ['@service-center/server', '@service-center/server/*'], message: 'the client never imports the server: share shapes through @service-center/core.' }]),
    },
  },
  {
    // The console runs in the browser and reads only the public HTTP API: core's codecs, never the server.
    files: ['packages/server/console/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['../../src/**', '**/server/src/**', '@service-center/server', '@service-center/client'], message: 'the console talks to the server over HTTP only; share shapes through @service-center/core.' },
        { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process', 'koa', 'ws', 'pino'], message: 'the console runs in a browser.' },
      ]),
    },
  },
  {
    // Routes decode, call a use case and encode: data is reached through the use cases.
    files: ['packages/server/src/registry/*/routes.ts', 'packages/server/src/federation/*routes.ts', 'packages/server/src/federation/global-reads.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict([{ group: ['**/store/**', '**/store'], message: 'routes never reach into stores: call a use case.' }]),
    },
  },
  {
    // The HTTP edge is generic: it knows nothing of the registry, the federation or the store.
    files: ['packages/server/src/http/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/registry/**', '**/federation/**', '**/sources/**', '**/store/**'], message: 'http/ is the generic edge: registry and federation import it, never the other way.' },
      ]),
    },
  },
);
