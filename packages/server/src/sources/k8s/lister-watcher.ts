/**
 * Lists a kind and watches it from a revision (client-go's ListerWatcher, tools/cache/listwatch.go).
 * Implementations: the real API through @kubernetes/client-node (client-node-lister.ts) and
 * the in-memory fake of the unit tests.
 */
export interface ListerWatcher<T> {
  /** A consistent list and the revision it was read at. */
  list(signal: AbortSignal): Promise<ListResult<T>>;
  /**
   * Changes after `from`. Ends when the server closes the watch or `signal` aborts; throws
   * `RevisionGone` when `from` is older than the server keeps (HTTP 410), anything else on
   * a failure.
   */
  watch(from: string, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
  /** What it lists, for logs and `/admin/sources` (e.g. `services in shop`). */
  readonly description: string;
}

export type ListResult<T> = Readonly<{ items: readonly T[]; revision: string }>;

export type WatchEvent<T> =
  | Readonly<{ type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T; revision: string }>
  /** A bookmark only moves the revision a re-watch starts from. */
  | Readonly<{ type: 'BOOKMARK'; revision: string }>;

/** The watch's start revision is too old (410 Gone / Expired): relist. */
export class RevisionGone extends Error {
  override readonly name = 'RevisionGone';
  constructor(message = 'resource version too old (410 Gone)') {
    super(message);
  }
}

export function isRevisionGone(err: unknown): err is RevisionGone {
  return err instanceof RevisionGone;
}
