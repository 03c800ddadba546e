// Lets `node` run the TypeScript sources directly (tests spawn real server processes
// without a build): `node --conditions=@service-center/source -r ./tools/swc-register.cjs x.ts`.
// Compiles each .ts file with @swc/core to CommonJS on require.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
