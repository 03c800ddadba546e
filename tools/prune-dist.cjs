// Removes build outputs whose source is gone: `tsc -b` never deletes the outputs of a moved or
// deleted module, and `npm pack` would ship them. Run from a package folder after its build
// (its `prepack`): `node ../../tools/prune-dist.cjs`. Only orphans are touched, so a build
// running at the same time keeps every file it writes.
const fs = require('node:fs');
const path = require('node:path');

const OUTPUT = /\.(?:js|js\.map|d\.ts|d\.ts\.map)$/;

function prune(dist, src) {
  let removed = 0;
  for (const entry of fs.readdirSync(dist, { withFileTypes: true })) {
    const out = path.join(dist, entry.name);
    if (entry.isDirectory()) {
      removed += prune(out, path.join(src, entry.name));
      if (fs.readdirSync(out).length === 0) fs.rmdirSync(out);
      continue;
    }
    if (!OUTPUT.test(entry.name)) continue;
    if (fs.existsSync(path.join(src, entry.name.replace(OUTPUT, '.ts')))) continue;
    fs.rmSync(out);
    removed += 1;
  }
  return removed;
}

const dir = process.cwd();
const removed = prune(path.join(dir, 'dist'), path.join(dir, 'src'));
if (removed > 0) process.stderr.write(`prune-dist: removed ${removed} outputs of sources that no longer exist\n`);
