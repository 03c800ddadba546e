import * as E from 'fp-ts/Either';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DumpRecords } from './dump-to-source';
import { DumpConversion, PeerDump, decodePeerDump } from './peer-dump';
import type { FromWorker, ToWorker, WorkerInput } from './dump-worker-protocol';

export type DumpDecoderOptions = Readonly<{
  /** Bodies smaller than this are decoded inline: a worker's start costs more than they do. */
  inlineBelow: number;
  /** Records handed over per turn of the event loop. */
  slice: number;
}>;

const DEFAULTS: DumpDecoderOptions = { inlineBelow: 1_000_000, slice: 250 };

/**
 * Decode a dump answer without holding up the event loop: a big body is parsed, decoded and
 * converted in a worker thread, and its records come back a slice per turn, so local reads
 * and heartbeats keep being answered while a large peer is ingested.
 */
export async function decodeDump(body: Buffer, conversion: DumpConversion, options: DumpDecoderOptions = DEFAULTS): Promise<E.Either<string, PeerDump>> {
  if (body.byteLength < options.inlineBelow) return decodePeerDump(body, conversion);
  return decodeInWorker(body, conversion, options.slice);
}

function workerFile(): { file: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `dump-worker${ext}`);
  if (ext !== '.ts') return { file, execArgv: [] };
  // Run from the TypeScript sources (the tests): the worker compiles its modules as the parent does.
  const register = path.resolve(__dirname, '../../../../../tools/swc-register.cjs');
  return { file, execArgv: ['--conditions=@service-center/source', '--require', register] };
}

function decodeInWorker(body: Buffer, conversion: DumpConversion, slice: number): Promise<E.Either<string, PeerDump>> {
  // Transfer the memory when the buffer has it to itself (a big one does); otherwise copy it once.
  const own = body.buffer instanceof ArrayBuffer && body.byteLength > body.buffer.byteLength / 2;
  const bytes = own ? (body.buffer as ArrayBuffer) : new Uint8Array(body).buffer;
  const input: WorkerInput = own ? { body: bytes, offset: body.byteOffset, length: body.byteLength, conversion, slice } : { body: bytes, offset: 0, length: body.byteLength, conversion, slice };
  const { file, execArgv } = workerFile();
  const worker = new Worker(file, { workerData: input, transferList: [bytes], execArgv });
  const records: { [K in keyof DumpRecords]: DumpRecords[K][number][] } = { services: [], instances: [], tags: [], summaries: [] };
  let exportScope: string | undefined;
  const ask = () => worker.postMessage({ kind: 'next' } satisfies ToWorker);
  return new Promise<E.Either<string, PeerDump>>((resolve) => {
    let done = false;
    const finish = (r: E.Either<string, PeerDump>) => {
      if (done) return;
      done = true;
      resolve(r);
      void worker.terminate();
    };
    worker.on('message', (m: FromWorker) => {
      switch (m.kind) {
        case 'failed':
          return finish(E.left(m.reason));
        case 'decoded':
          exportScope = m.exportScope;
          return ask();
        case 'slice':
          for (const item of m.items) (records[m.part] as unknown[]).push(item);
          // The next slice comes in a later turn: whatever waits on the loop runs in between.
          return void setImmediate(ask);
        case 'end':
          return finish(E.right({ exportScope, records }));
      }
    });
    worker.on('error', (err) => finish(E.left(`the dump could not be decoded: ${err.message}`)));
    worker.on('exit', (code) => finish(E.left(`the dump decoder stopped (exit code ${code})`)));
  });
}
