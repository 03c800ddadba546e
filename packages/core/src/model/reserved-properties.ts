/**
 * Instance property names a global answer adds (origin cluster and freshness). They live in
 * `properties`, which Service-Center's clients treat as an opaque map, so those ignore them;
 * our server writes them and our client reads them.
 */
export const ReservedProperties = {
  origin: 'x-sc-origin-cluster',
  stale: 'x-sc-stale',
  lastConfirmed: 'x-sc-last-confirmed',
  demoted: 'x-sc-demoted',
  /** Served to a plain (non-global) read because the local cluster lacks healthy instances. */
  failover: 'x-sc-failover',
} as const;
