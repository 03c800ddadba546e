/**
 * The store every registry write and read goes through: an etcd-shaped key-value store with
 * a global revision, leases, conditional transactions and a change feed. The embedded store
 * (better-sqlite3) and an etcd store implement it, so callers never change.
 *
 * Values are JSON-able data, frozen once stored: never mutate what `get` returns.
 */
export type KvValue = unknown;

export type Kv = Readonly<{
  key: string;
  value: KvValue;
  /** Revision of the write that created the key. */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
  /** Number of writes since creation (1 = just created). */
  version: number;
  /** Lease the key is attached to (0 = none): it disappears when the lease ends. */
  lease: number;
}>;

export type KvCompare =
  | Readonly<{ kind: 'absent'; key: string }>
  | Readonly<{ kind: 'present'; key: string }>
  | Readonly<{ kind: 'valueEquals'; key: string; value: KvValue }>
  | Readonly<{ kind: 'modRevision'; key: string; equals: number }>;

export type KvOp =
  | Readonly<{ kind: 'put'; key: string; value: KvValue; lease?: number }>
  | Readonly<{ kind: 'delete'; key: string }>
  | Readonly<{ kind: 'deletePrefix'; prefix: string }>;

export type TxnRequest = Readonly<{ compare?: readonly KvCompare[]; success: readonly KvOp[]; failure?: readonly KvOp[] }>;
export type TxnResult = Readonly<{ succeeded: boolean; revision: number }>;

/** Why a key went away: an explicit delete, or its lease ended (expiry or revoke). */
export type DeleteCause = 'delete' | 'lease-expired' | 'lease-revoked';

export type KvEvent =
  | Readonly<{ type: 'PUT'; kv: Kv; prev?: Kv }>
  | Readonly<{ type: 'DELETE'; kv: Kv; revision: number; cause: DeleteCause }>;

/** A committed batch of events, all at one revision (one transaction or one lease expiry). */
export type KvBatch = Readonly<{ revision: number; events: readonly KvEvent[] }>;

export type Unsubscribe = () => void;

export interface KvStore {
  readonly kind: 'buildin' | 'etcd';
  /** The revision of the last committed write (0 when empty). */
  revision(): number;
  get(key: string): Kv | undefined;
  /** Keys under a prefix, in key order. */
  range(prefix: string): readonly Kv[];
  /** Number of keys under a prefix. */
  count(prefix: string): number;
  txn(req: TxnRequest): Promise<TxnResult>;
  /** A new lease of `ttlSeconds`; keys put with it vanish when it is not kept alive. */
  grantLease(ttlSeconds: number): Promise<number>;
  /** Renew a lease to its full TTL; false when the lease no longer exists. */
  keepAlive(lease: number): Promise<boolean>;
  /** End a lease now, deleting its keys. False when it did not exist. */
  revokeLease(lease: number): Promise<boolean>;
  /** Remaining seconds of a lease, or undefined when it does not exist. */
  leaseTtl(lease: number): { ttl: number; remaining: number } | undefined;
  /** Every committed batch after this call, in revision order, delivered synchronously. */
  subscribe(listener: (batch: KvBatch) => void): Unsubscribe;
  close(): Promise<void>;
}
