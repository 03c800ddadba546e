// Shared jest config factory used by every package's jest.config.cjs.
// @swc/jest is transpile-only: type checking is done by `tsc -b` (the nx `typecheck` target).
const path = require('node:path');

module.exports = function makeConfig(dir, displayName) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    transform: {
      '^.+\\.[cm]?ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    // Workspace packages resolve to their TS sources through the "@service-center/source"
    // export condition, so tests never need a prior build. This replaces jest's defaults,
    // hence 'node' and 'node-addons'.
    testEnvironmentOptions: { customExportConditions: ['@service-center/source', 'node', 'node-addons'] },
    reporters: ['default', path.join(__dirname, 'tools', 'jest-count-reporter.cjs')],
  };
};
