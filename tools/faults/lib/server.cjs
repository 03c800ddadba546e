// Starts a built server (packages/server/dist/main.js of any checkout) as a child process with
// the loop/memory probe preloaded, on a free loopback port and a fresh data directory.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const PRELOAD = path.join(__dirname, 'probe-preload.cjs');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `root`: the checkout whose build runs; `args`: extra flags. */
async function startServer(root, name, args = [], nodeArgs = (process.env.FAULTS_NODE_ARGS ?? '').split(' ').filter(Boolean)) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `faults-${name}-`));
  const main = path.join(root, 'packages/server/dist/main.js');
  const proc = spawn(
    process.execPath,
    [...nodeArgs, '--require', PRELOAD, main, '--port', String(port), '--data-dir', dir, '--cluster-name', name, '--log-level', 'error', ...args],
    { stdio: ['ignore', process.env.FAULTS_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit', 'ipc'] },
  );
  const url = `http://127.0.0.1:${port}`;
  let seq = 0;
  const waiting = new Map();
  proc.on('message', (m) => {
    const w = m && m.probe ? waiting.get(m.id) : undefined;
    if (w) {
      waiting.delete(m.id);
      w(m);
    }
  });
  const node = {
    proc,
    url,
    port,
    dir,
    /** RSS, peak RSS and event-loop stall since the last reset. */
    probe: (reset = false) =>
      new Promise((resolve) => {
        const id = ++seq;
        waiting.set(id, resolve);
        proc.send({ probe: true, id, reset });
      }),
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, sleep(5000).then(() => proc.kill('SIGKILL'))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/version`)).ok) return node;
    } catch {
      /* starting */
    }
    await sleep(50);
  }
  await node.stop();
  throw new Error(`${name} did not start`);
}

module.exports = { startServer, freePort, sleep };
