/**
 * The store's backend cannot take the call now (etcd unreachable or without a quorum). The
 * store logs the outage once when it starts and once when it ends, so callers answer SC's
 * 500011 without logging each failed call.
 */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
}
