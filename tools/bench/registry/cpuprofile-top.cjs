#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time
// and, for the repository's own code, the most inclusive time; optionally only the samples in a
// time window (monotonic microseconds, the clock of process.hrtime and of the profile).
//
//   node cpuprofile-top.cjs <file.cpuprofile> [--top 15] [--from <us>] [--to <us>]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');

function shortUrl(url) {
  if (!url) return '';
  let u = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (u.startsWith(ROOT + '/')) u = u.slice(ROOT.length + 1);
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) u = u.slice(nm);
  return u;
}

function frameKey(cf) {
  const name = cf.functionName || '(anonymous)';
  if (!cf.url) return name;
  return `${shortUrl(cf.url)}:${cf.lineNumber + 1} ${name}`;
}

const isOwn = (key) => key.startsWith('packages/');

/** Where a frame's code lives: a package of ours, a dependency, Node's own JS, or native/V8. */
function areaOf(key) {
  if (key.startsWith('packages/')) return key.split('/').slice(0, 2).join('/');
  if (key.startsWith('node_modules/')) {
    const parts = key.split('/');
    return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
  }
  if (key.startsWith('node:')) return 'node (JS)';
  if (key === '(garbage collector)') return 'GC';
  if (key === '(program)') return '(program)';
  return 'native (syscalls, builtins)';
}
const META = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * Self and inclusive sample counts per function, over the samples whose timestamp is in
 * [from, to] (µs, the profile's clock); counts are converted to shares of the busy samples.
 */
function summarize(profile, { from = -Infinity, to = Infinity, top = 15 } = {}) {
  const byId = new Map();
  const parent = new Map();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  for (const n of profile.nodes) keyOf.set(n.id, frameKey(n.callFrame));

  const self = new Map();
  const incl = new Map();
  const areas = new Map();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  let gc = 0;
  let first;
  let last;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    first ??= t;
    last = t;
    const id = profile.samples[i];
    const key = keyOf.get(id);
    total++;
    if (key === '(idle)') {
      idle++;
      continue;
    }
    if (key === '(garbage collector)') gc++;
    self.set(key, (self.get(key) ?? 0) + 1);
    const area = areaOf(key);
    areas.set(area, (areas.get(area) ?? 0) + 1);
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const k = keyOf.get(p);
      if (seen.has(k) || META.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + 1);
    }
  }
  const busy = total - idle;
  const share = (n) => (busy > 0 ? n / busy : 0);
  const rank = (m, filter) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, n]) => ({ fn, samples: n, share: Number(share(n).toFixed(4)) }));
  return {
    samples: total,
    busySamples: busy,
    idleShare: total > 0 ? Number((idle / total).toFixed(4)) : 0,
    gcShare: Number(share(gc).toFixed(4)),
    windowMs: first !== undefined ? Math.round((last - first) / 1000) : 0,
    selfByArea: rank(areas, () => true),
    self: rank(self, () => true),
    inclusiveOwn: rank(incl, isOwn),
  };
}

function formatSummary(title, s) {
  const pct = (x) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [
    `${title}: ${s.samples} samples over ${s.windowMs} ms, idle ${pct(s.idleShare).trim()}, GC ${pct(s.gcShare).trim()} of busy`,
    '  self time (share of busy samples):',
    ...s.self.map((r) => `    ${pct(r.share)}  ${r.fn}`),
    '  self time by where the code lives:',
    ...s.selfByArea.slice(0, 10).map((r) => `    ${pct(r.share)}  ${r.fn}`),
    '  inclusive time, packages/ code only:',
    ...s.inclusiveOwn.map((r) => `    ${pct(r.share)}  ${r.fn}`),
  ];
  return lines.join('\n');
}

module.exports = { summarize, formatSummary };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: cpuprofile-top.cjs <file.cpuprofile> [--top N] [--from us] [--to us]\n');
    process.exit(2);
  }
  const opt = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = summarize(profile, { top: opt('top', 15), from: opt('from', -Infinity), to: opt('to', Infinity) });
  process.stdout.write(formatSummary(path.basename(file), s) + '\n');
}
