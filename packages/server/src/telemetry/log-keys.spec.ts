// Every log line is one flat JSON object whose top-level keys appear once: a child logger
// that repeats a key its parent already set writes it twice, which log pipelines reject or mangle.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../config/schema';
import { startServer } from '../server';
import { freePort } from '../__tests__/free-port';

/** The top-level keys of a JSON object text, in order, repeats included. */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(line.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

test('topLevelKeys sees repeats at the top only', () => {
  expect(topLevelKeys('{"a":1,"b":{"a":2},"c":"x\\"y","a":3}')).toEqual(['a', 'b', 'c', 'a']);
});

test('server log lines, peer failures included, carry each key once', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-keys-'));
  const deadPeer = await freePort();
  const server = await startServer(
    { ...DEFAULT_CONFIG, port: 0, dataDir, clusterName: 'sc1', clusters: [{ name: 'sc2', urls: [`http://127.0.0.1:${deadPeer}`] }], syncInterval: 1 },
    { log: pino({ level: 'info' }, sink), federation: { pollWaitMs: 200, tickMs: 100 } },
  );
  try {
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('peer unreachable')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(lines.some((l) => l.includes('peer unreachable'))).toBe(true);
    for (const line of lines) {
      const keys = topLevelKeys(line);
      expect({ line, repeated: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ line, repeated: [] });
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
