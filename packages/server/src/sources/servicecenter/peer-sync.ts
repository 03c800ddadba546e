import * as E from 'fp-ts/Either';
import { ShareRule, ShareRules, SourceId, rulesFor } from '@service-center/core';
import type { Logger } from 'pino';
import type { Source, SourceSink } from '../source-sink';
import { Backoff } from '@service-center/core';
import { reconnectBackoff, sleep } from '../backoff';
import { recordOrigins, recordsFrom } from './dump-to-source';
import { OPEN_RELAY_GATE, RelayGate, RelayItem } from './relay-gate';
import type { PeerFailure, PeerLoginState } from '@service-center/core';
import { PeerClient } from './peer-client';
import { StreamTranslator, withdrawnInBatch } from './stream-changes';
import { ImportGate } from './import-gate';

export type PeerSyncOptions = Readonly<{
  intervalMs: number;
  /** Use the change stream when the peer offers it (our servers do; Service-Center does not). */
  stream: boolean;
  /** Longest a stream poll waits at the peer for a change. */
  pollWaitMs: number;
  /** Which clusters this peer may speak for (the federation's relay registry). */
  relays?: RelayGate;
  now: () => number;
  /** Carries the peer's name: lines need not repeat it. */
  log: Logger;
  /** What we accept from this peer (empty = everything). */
  imports?: ShareRules;
  /** What we export to this peer, for `/admin/sources` (the peer's own rules filter it). */
  exports?: () => ShareRules;
}>;

export type PeerStatus = Readonly<{
  name: string;
  urls: readonly string[];
  mode: 'stream' | 'pull';
  ok: boolean;
  lastSuccess: number | undefined;
  lastError: PeerFailure | undefined;
  /** Milliseconds since the peer last confirmed its data (0 while streaming). */
  lag: number | undefined;
  syncs: number;
  errors: number;
  eventsApplied: number;
  /** Our login at the peer, when an account is configured for it. */
  login: PeerLoginState | undefined;
  /** The export and import rules that concern this peer; undefined when nothing is filtered. */
  exports: readonly ShareRule[] | undefined;
  imports: readonly ShareRule[] | undefined;
  /** The other clusters this peer sends records of, and whether we take them. */
  relays: readonly RelayItem[] | undefined;
}>;

/**
 * Keeps one peer's source current, isolated from every other peer (own loop, timeout,
 * backoff). A full dump pull on start, on every interval and after any break; between
 * pulls, when the peer offers it, the change stream applies changes as they happen.
 * A failure never empties the source: it is marked unreachable and keeps its records.
 */
export class PeerSync implements Source {
  readonly id: SourceId;
  private readonly translator: StreamTranslator;
  private readonly gate: ImportGate;
  /** Which clusters this peer may speak for (everything when used alone). */
  private readonly relays: RelayGate;
  private readonly backoff = new Backoff(reconnectBackoff(500));
  private readonly abort = new AbortController();
  /** Aborted to end the current wait or poll and resync now (re-pointed, new import rules). */
  private kick = new AbortController();
  private round: AbortSignal;
  /** The peer's export scope id of the last snapshot applied (undefined: a Service-Center peer). */
  private exportScope: string | undefined;
  /** The next snapshot's withdrawals are ours or the peer's filters narrowing: no quarantine. */
  private withdrawalExpected = false;
  private running: Promise<void> | undefined;
  private streamSupported: boolean;
  private epoch = '';
  private seq = 0;
  private status: { ok: boolean; lastSuccess?: number; lastError?: PeerFailure; syncs: number; errors: number; eventsApplied: number } = {
    ok: false,
    syncs: 0,
    errors: 0,
    eventsApplied: 0,
  };

  constructor(
    private client: PeerClient,
    private readonly aggregator: SourceSink,
    private readonly options: PeerSyncOptions,
    private readonly onHealth: (peer: string, ok: boolean, failure?: PeerFailure) => void,
  ) {
    this.id = { cluster: client.peer.name, kind: 'servicecenter' };
    this.relays = options.relays ?? OPEN_RELAY_GATE;
    this.translator = new StreamTranslator(this.id, this.relays);
    this.gate = new ImportGate(client.peer.name, options.imports ?? []);
    this.streamSupported = options.stream;
    this.round = AbortSignal.any([this.abort.signal, this.kick.signal]);
  }

  /** New URLs, CA or credentials for the same peer: its records stay, and it is pulled again now. */
  repoint(client: PeerClient): void {
    this.client = client;
    this.streamSupported = this.options.stream;
    this.resyncNow();
  }

  /** New import rules: the next snapshot applies them, and what they no longer let in leaves as DELETE events. */
  reimport(rules: ShareRules): void {
    this.gate.set(rules);
    this.withdrawalExpected = true;
    this.resyncNow();
  }

  private resyncNow(): void {
    this.kick.abort();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  snapshotStatus(): PeerStatus {
    const s = this.status;
    const streaming = this.streamSupported && s.ok;
    return {
      name: this.client.peer.name,
      urls: this.client.peer.urls,
      mode: this.streamSupported ? 'stream' : 'pull',
      ok: s.ok,
      lastSuccess: s.lastSuccess,
      lastError: s.lastError,
      lag: s.lastSuccess === undefined ? undefined : streaming ? 0 : this.options.now() - s.lastSuccess,
      syncs: s.syncs,
      errors: s.errors,
      eventsApplied: s.eventsApplied,
      login: this.client.loginState(),
      exports: filtered(this.options.exports?.() ?? [], this.client.peer.name),
      imports: filtered(this.gate.active(), this.client.peer.name),
      relays: nonEmpty(this.relays.verdicts(this.client.peer.name)),
    };
  }

  /** Ends at stop, and at a kick (then the loop resyncs). */
  private get signal(): AbortSignal {
    return this.round;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private get kicked(): boolean {
    return this.kick.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.kicked) {
        this.kick = new AbortController();
        this.round = AbortSignal.any([this.abort.signal, this.kick.signal]);
      }
      const synced = await this.fullSync();
      if (this.stopped) return;
      if (this.kicked) continue;
      if (!synced) {
        await sleep(this.backoff.next(), this.signal);
        continue;
      }
      this.backoff.reset();
      const until = this.options.now() + this.options.intervalMs;
      if (!this.streamSupported) {
        await sleep(this.options.intervalMs, this.signal);
        continue;
      }
      while (!this.signal.aborted && this.options.now() < until) {
        const outcome = await this.pollOnce(Math.min(this.options.pollWaitMs, Math.max(0, until - this.options.now())));
        if (outcome === 'resync') break;
        if (outcome === 'failed') {
          await sleep(this.backoff.next(), this.signal);
          break;
        }
      }
    }
  }

  /** Learn the stream position, then pull the dump and replace the source with it. */
  private async fullSync(): Promise<boolean> {
    if (this.streamSupported) {
      const pos = await this.client.changes({ epoch: '', since: 0, waitS: 0 }, this.signal);
      if (E.isLeft(pos)) {
        if (/^HTTP 404/.test(pos.left.reason)) {
          this.streamSupported = false; // a Service-Center peer: dump polling only
          this.options.log.info('peer offers no change stream; pulling its dump only');
        } else {
          this.fail(pos.left);
          return false;
        }
      } else {
        this.epoch = pos.right.epoch;
        this.seq = pos.right.seq;
      }
    }
    const peer = this.client.peer.name;
    // Direct peers' copies are never taken from another peer: left out while decoding.
    const dump = await this.client.dump({ peerName: peer, skipOrigins: this.relays.firstHandOthers(peer) }, this.signal);
    if (E.isLeft(dump)) {
      this.fail(dump.left);
      return false;
    }
    const now = this.options.now();
    const records = dump.right.records;
    this.relays.claimAll(peer, recordOrigins(records));
    const input = this.gate.snapshot({
      cluster: peer,
      kind: 'servicecenter',
      health: { status: 'fresh', lastConfirmed: now },
      revision: this.epoch ? `${this.epoch}:${this.seq}` : undefined,
      ...recordsFrom(records, (origin) => this.relays.accepts(peer, origin)),
    });
    // A new export scope means the peer changed what it shares with us: its withdrawals are deliberate.
    const rescoped = this.exportScope !== undefined && dump.right.exportScope !== this.exportScope;
    const expected = this.withdrawalExpected || rescoped;
    if (rescoped) this.options.log.info({ exportScope: dump.right.exportScope }, 'peer changed what it exports to us; applying its withdrawals without quarantine');
    this.exportScope = dump.right.exportScope;
    this.withdrawalExpected = false;
    this.translator.reset(input.summaries ?? []);
    await this.aggregator.replaceInSlices(input, expected);
    this.succeed(now);
    return true;
  }

  private async pollOnce(waitMs: number): Promise<'ok' | 'resync' | 'failed'> {
    const r = await this.client.changes({ epoch: this.epoch, since: this.seq, waitS: Math.ceil(waitMs / 1000) }, this.signal);
    if (this.signal.aborted) return 'ok';
    if (E.isLeft(r)) {
      this.fail(r.left);
      return 'failed';
    }
    const batch = r.right;
    if (batch.reset || batch.epoch !== this.epoch) return 'resync';
    if (batch.exportScope !== this.exportScope) return 'resync'; // the peer's export to us changed
    if (batch.events.length > 0) {
      const source = this.aggregator.state(this.id)?.source;
      const withdrawn = withdrawnInBatch(batch.events);
      // A mass withdrawal must pass quarantine, which judges whole snapshots: verify it with one.
      if (source && withdrawn >= this.aggregator.policy.quarantineMin && withdrawn >= this.aggregator.policy.quarantineShare * source.instanceCount) {
        return 'resync';
      }
    }
    // Any answer, an empty one after the whole wait included, confirms the peer's data.
    this.aggregator.confirm(this.id, this.gate.changes(this.translator.translate(batch.events)));
    this.status.eventsApplied += batch.events.length;
    this.seq = batch.seq;
    this.succeed(this.options.now());
    return 'ok';
  }

  private succeed(now: number): void {
    const wasOk = this.status.ok;
    this.status = { ...this.status, ok: true, lastSuccess: now, lastError: undefined, syncs: this.status.syncs + 1 };
    if (!wasOk) this.onHealth(this.client.peer.name, true);
  }

  private fail(failure: PeerFailure): void {
    if (this.signal.aborted) return; // stopped, or kicked: not the peer's failure
    const wasOk = this.status.ok || this.status.errors === 0;
    this.status = { ...this.status, ok: false, lastError: failure, errors: this.status.errors + 1 };
    this.aggregator.markUnreachable(this.id, this.status.lastSuccess);
    if (wasOk) this.options.log.warn({ url: failure.url, reason: failure.reason }, 'peer unreachable; keeping its last data');
    this.onHealth(this.client.peer.name, false, failure);
  }
}

function nonEmpty<T>(list: readonly T[]): readonly T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** The rules of a list that concern one peer; undefined when the list filters nothing. */
function filtered(rules: ShareRules, peer: string): readonly ShareRule[] | undefined {
  return rules.length === 0 ? undefined : rulesFor(rules, peer);
}
