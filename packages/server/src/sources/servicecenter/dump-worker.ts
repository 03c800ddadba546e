import * as E from 'fp-ts/Either';
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { decodePeerDump } from './peer-dump';
import type { DumpPart, FromWorker, ToWorker, WorkerInput } from './dump-worker-protocol';

// A worker thread's entry: decodes one dump, then hands its records over in slices, one per
// request, so that the main thread takes each slice in its own turn of the event loop.
// Decoding is background work: below the main thread in the scheduler (on Linux the
// priority is the calling thread's), so on a busy machine reads keep their core.
try {
  setPriority(constants.priority.PRIORITY_LOW);
} catch {
  // not permitted here: run at the normal priority
}
const { body, offset, length, conversion, slice } = workerData as WorkerInput;
const port = parentPort!;
const decoded = decodePeerDump(new Uint8Array(body, offset, length), conversion);
const send = (m: FromWorker) => port.postMessage(m);

if (E.isLeft(decoded)) {
  send({ kind: 'failed', reason: decoded.left });
} else {
  const { records, exportScope } = decoded.right;
  const parts: DumpPart[] = ['services', 'tags', 'summaries', 'instances'];
  let part = 0;
  let at = 0;
  send({ kind: 'decoded', exportScope });
  port.on('message', (m: ToWorker) => {
    if (m.kind !== 'next') return;
    while (part < parts.length && at >= records[parts[part]].length) {
      part++;
      at = 0;
    }
    if (part >= parts.length) {
      send({ kind: 'end' });
      return;
    }
    const name = parts[part];
    send({ kind: 'slice', part: name, items: records[name].slice(at, at + slice) });
    at += slice;
  });
}
