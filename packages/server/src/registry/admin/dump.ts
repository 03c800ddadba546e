import * as os from 'node:os';
import * as E from 'fp-ts/Either';
import { DumpCache, DumpResponse, KeyPrefix, ScCodes, ScError, Tenant, scError } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { isDefaultTenant } from '../tables';
import type { Kv } from '../../store/kv';
import { SERVER_VERSION } from './version';
import type { InstanceView } from '../instances/self-preservation';

/** A section of the dump's cache (core's `DumpCache`). */
export type DumpSection = keyof DumpCache;
type ItemOf<K extends DumpSection> = NonNullable<DumpCache[K]>[number];

/** The cache arrays of SC's dump (v2.1+) read from the store, in its order, with the key prefix each holds. */
const CACHE_SECTIONS: readonly (readonly [Exclude<DumpSection, 'instances'>, string])[] = [
  ['services', KeyPrefix.service],
  ['serviceIndexes', KeyPrefix.index],
  ['serviceAliases', KeyPrefix.alias],
  ['serviceTags', KeyPrefix.tags],
  ['dependencyRules', KeyPrefix.depRule],
  ['summaries', KeyPrefix.summary],
];

/** `options=a,b`: cache (default), info, all. Unknown options are ignored, as SC does. */
export function dumpOptions(text: string): { info: boolean; cache: boolean } {
  const opts = new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  if (opts.size === 0) return { info: false, cache: true };
  const all = opts.has('all');
  return { info: all || opts.has('info'), cache: all || opts.has('cache') };
}

/** A stored KV as a dump item: values were validated by their codecs when written. */
function itemOf<K extends DumpSection>(kv: Kv, cluster: string): ItemOf<K> {
  const empty = kv.value === undefined || kv.value === null || kv.value === '';
  return (empty ? { key: kv.key, rev: kv.modRevision, cluster } : { key: kv.key, rev: kv.modRevision, cluster, value: kv.value }) as ItemOf<K>;
}

/**
 * `GET /v4/{p}/admin/dump` (SC's pkg/dump/dump.go): every tenant's data under SC's etcd keys, each item
 * labelled with this server's cluster name; only from `default/default` (else 403001).
 * Instances come through the self-preservation view, so held ones are dumped too.
 */
export function dump(
  deps: RegistryDeps,
  view: InstanceView,
  tenant: Tenant,
  optionsText: string,
  /** Items of other clusters held in the merged view (multi-cluster), by cache section. */
  remote?: () => DumpCache,
): E.Either<ScError, DumpResponse> {
  if (!isDefaultTenant(tenant)) return E.left(scError(ScCodes.Forbidden, 'Required admin permission'));
  const options = dumpOptions(optionsText);
  const out: DumpResponse = {};
  if (options.info) {
    out.info = {
      version: SERVER_VERSION,
      buildTag: `service-center-ts/${SERVER_VERSION}`,
      goVersion: `node${process.versions.node}`,
      os: os.platform(),
      arch: os.arch(),
    };
  }
  if (options.cache) {
    const cache: DumpCache = {};
    const extra = remote?.() ?? {};
    const add = <K extends DumpSection>(name: K, kvs: readonly Kv[]) => {
      const items: ItemOf<K>[] = [...kvs.map((kv) => itemOf<K>(kv, deps.clusterName)), ...((extra[name] ?? []) as ItemOf<K>[])];
      if (items.length > 0) (cache as Record<K, ItemOf<K>[]>)[name] = items;
    };
    for (const [name, prefix] of CACHE_SECTIONS) add(name, deps.store.range(prefix));
    add('instances', view.allInstanceKvs());
    out.cache = cache;
  }
  return E.right(out);
}
