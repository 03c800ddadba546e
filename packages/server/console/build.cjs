// Builds the console (Preact + TSX, bundled by esbuild) into static files the server serves at
// /ui/: `node build.cjs [outDir]`, run by `npm run build` and before `npm start`. Bundles are
// named by content hash (cached for good); index.html names them and is revalidated.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const MOUNT = '/ui/';

async function buildConsole(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: __dirname,
    entryPoints: ['src/main.tsx'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    outdir: outDir,
    entryNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Workspace packages resolve to their TypeScript sources, as in the tests.
    conditions: ['@service-center/source'],
    alias: { 'node:crypto': './src/shims/no-node-crypto.ts' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>service-center console</title>',
    '<link rel="icon" href="data:,">',
    css ? `<link rel="stylesheet" href="${MOUNT}${css}">` : '',
    `<script type="module" src="${MOUNT}${js}"></script>`,
    '</head>',
    '<body><div id="app"></div></body>',
    '</html>',
    '',
  ].filter((l) => l !== '').join('\n');
  fs.writeFileSync(path.join(outDir, 'index.html'), html);
  return { files: [...outputs, 'index.html'], bytes: outputs.reduce((n, f) => n + fs.statSync(path.join(outDir, f)).size, 0) };
}

module.exports = { buildConsole };

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, 'dist'));
  buildConsole(outDir).then(
    // stderr: `npm pack --json` (the prepack step runs this) keeps stdout for its JSON.
    (r) => process.stderr.write(`console: ${r.files.join(', ')} (${Math.round(r.bytes / 1024)} KiB) in ${path.relative(process.cwd(), outDir) || '.'}\n`),
    (err) => {
      process.stderr.write(`console build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
