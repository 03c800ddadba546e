import { ChangesResponse } from '@service-center/core';
import { ApiError, V4, getJson } from './api';
import { reportChange } from './live';

const WAIT_S = 20;
/** Without the change stream (no permission for it), poll: well within the 2 s promise. */
const POLL_MS = 1000;
const RETRY_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Follows the server's change stream, a long poll that answers as soon as the merged view
 * moves (`limit=0`: only the position, no records), and bumps the change counter on each
 * move. The same request tells when the server goes away: it fails at once.
 */
export async function followChanges(signal: AbortSignal): Promise<void> {
  let epoch = '';
  let seq = 0;
  let polling = false; // the account may not read the stream: asked once, then polled
  while (!signal.aborted) {
    if (polling) {
      await sleep(POLL_MS);
      reportChange();
      continue;
    }
    try {
      const r = await getJson(`${V4}/admin/changes?epoch=${encodeURIComponent(epoch)}&since=${seq}&wait=${epoch === '' ? 0 : WAIT_S}&limit=0`, ChangesResponse, signal);
      if (epoch !== '' && (r.epoch !== epoch || r.seq !== seq)) reportChange();
      epoch = r.epoch;
      seq = r.seq;
    } catch (err) {
      if (signal.aborted) return;
      polling = err instanceof ApiError && (err.status === 403 || err.status === 404);
      if (!polling) await sleep(RETRY_MS);
    }
  }
}
