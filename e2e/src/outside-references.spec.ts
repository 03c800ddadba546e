import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './support/node';

/**
 * Comments and docs say why themselves, or cite Service-Center's own source (e.g.
 * `datasource/etcd/ms.go`): a reader of this repository cannot open notes kept outside it,
 * so section numbers and file names of those notes are refused.
 */
const OUTSIDE = [
  { pattern: /(?:^|[^\w.-])shared\//, what: 'a path into a folder outside the repository' },
  { pattern: /\b(?:design|style|toolchain|anchors|review-[\d-]+)\.md\b/, what: 'a note kept outside the repository' },
  { pattern: /\bsc-(?:api|2x|aggregation)\b/, what: 'a note kept outside the repository, by its name' },
  { pattern: /\u00a7\s?\d/, what: 'a section number of a document outside the repository' },
];
const ROOTS = ['packages', 'e2e', 'tools', 'deploy', '.ci', 'README.md'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out-tsc', 'coverage', 'data', '.nx']);
const TEXT = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|sh|tpl|txt)$|^run$/;

function* textFiles(p: string): Generator<string> {
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    if (TEXT.test(path.basename(p))) yield p;
    return;
  }
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    yield* textFiles(path.join(p, entry.name));
  }
}

describe('the repository is self-contained', () => {
  test('no comment, test name or doc cites a document kept outside it', () => {
    const found: string[] = [];
    for (const root of ROOTS) {
      const start = path.join(REPO_ROOT, root);
      if (!fs.existsSync(start)) continue;
      for (const file of textFiles(start)) {
        if (file === __filename) continue;
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const o of OUTSIDE) if (o.pattern.test(line)) found.push(`${path.relative(REPO_ROOT, file)}:${i + 1}: ${o.what}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
