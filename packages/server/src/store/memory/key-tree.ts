type Dir = { keys: Set<string>; subdirs: Set<string>; total: number };

/**
 * Keys grouped by directory (text up to the last '/'), so a prefix range walks only the
 * directories under it instead of every key. Each directory also counts the keys below it,
 * so counting a directory (quota checks on every registration) costs its depth, not its size.
 */
export class KeyTree {
  private readonly dirs = new Map<string, Dir>();

  add(key: string): void {
    const dir = dirOf(key);
    let node = this.dirs.get(dir);
    if (!node) {
      node = { keys: new Set(), subdirs: new Set(), total: 0 };
      this.dirs.set(dir, node);
      this.linkParents(dir);
    }
    if (node.keys.has(key)) return;
    node.keys.add(key);
    this.adjustTotals(dir, 1);
  }

  remove(key: string): void {
    const dir = dirOf(key);
    const node = this.dirs.get(dir);
    if (!node || !node.keys.delete(key)) return;
    this.adjustTotals(dir, -1);
    this.prune(dir);
  }

  /** Number of keys starting with `prefix`. */
  count(prefix: string): number {
    if (prefix.endsWith('/')) return this.dirs.get(prefix)?.total ?? 0;
    let n = 0;
    for (const _ of this.keysUnder(prefix)) n++;
    return n;
  }

  private adjustTotals(dir: string, delta: number): void {
    let current = dir;
    for (;;) {
      const node = this.dirs.get(current);
      if (node) node.total += delta;
      if (current === '/' || current === '') return;
      current = dirOf(current.slice(0, -1));
    }
  }

  /** Keys starting with `prefix`, unordered. */
  *keysUnder(prefix: string): Generator<string> {
    const slash = prefix.lastIndexOf('/');
    const baseDir = prefix.slice(0, slash + 1);
    const rest = prefix.slice(slash + 1);
    const start = this.dirs.get(baseDir);
    if (!start) return;
    for (const k of start.keys) if (k.startsWith(prefix)) yield k;
    for (const sub of start.subdirs) {
      if (rest === '' || sub.startsWith(prefix)) yield* this.walk(sub);
    }
  }

  private *walk(dir: string): Generator<string> {
    const node = this.dirs.get(dir);
    if (!node) return;
    yield* node.keys;
    for (const sub of node.subdirs) yield* this.walk(sub);
  }

  private linkParents(dir: string): void {
    let child = dir;
    while (child !== '/' && child !== '') {
      const parent = dirOf(child.slice(0, -1));
      let node = this.dirs.get(parent);
      const existed = node !== undefined;
      if (!node) {
        node = { keys: new Set(), subdirs: new Set(), total: 0 };
        this.dirs.set(parent, node);
      }
      node.subdirs.add(child);
      if (existed) return;
      child = parent;
    }
  }

  private prune(dir: string): void {
    let current = dir;
    while (current !== '/' && current !== '') {
      const node = this.dirs.get(current);
      if (!node || node.keys.size > 0 || node.subdirs.size > 0) return;
      this.dirs.delete(current);
      const parent = dirOf(current.slice(0, -1));
      this.dirs.get(parent)?.subdirs.delete(current);
      current = parent;
    }
  }
}

/** '/a/b/c' -> '/a/b/'; 'x' -> '' */
function dirOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
