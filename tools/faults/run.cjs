#!/usr/bin/env node
// The fault suite: hostile peers, mass expiry and connection abuse against a built server,
// each scenario printing its figures. Usage:
//   npm run faults [-- --only big-peer,mass-expiry] [--before /tmp/before] [--build DIR --label NAME]
// `--before DIR` runs every scenario a second time against the build in DIR (another
// checkout, built with `npx tsc -b`) and prints both side by side.
'use strict';
const path = require('node:path');
const os = require('node:os');
const { report, summary } = require('./lib/figures.cjs');

const ROOT = path.resolve(__dirname, '../..');
const SCENARIOS = ['big-peer', 'hostile-peer', 'mass-expiry', 'connections'];

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main() {
  const only = opt('only')?.split(',') ?? SCENARIOS;
  const builds = [[opt('label') ?? 'this build', path.resolve(opt('build') ?? ROOT)]];
  const before = opt('before');
  if (before) builds.push([`before (${path.basename(before)})`, path.resolve(before)]);
  console.log(`faults on ${os.cpus().length}x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1e9).toFixed(0)} GB, node ${process.version}, ${new Date().toISOString()}`);
  for (const name of only) {
    const scenario = require(`./scenarios/${name}.cjs`);
    for (const [label, root] of builds) {
      const r = await scenario.run(label, root);
      for (const row of Array.isArray(r) ? r : [r]) report(row.variant ? `${name} ${row.variant}` : name, label, row.figures);
    }
  }
  summary();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
