import * as os from 'node:os';
import * as E from 'fp-ts/Either';
import { DumpCache, DumpResponse, KeyKind, ScCodes, ScError, Tenant, keyScope, scError } from '@service-center/core';
import type { RegistryDeps } from '../deps';
import { Row, isDefaultTenant, rowsUnder, valueOf } from '../tables';
import { SERVER_VERSION } from './version';
import type { InstanceView } from '../instances/self-preservation';


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

type Item<V> = Readonly<{ key: string; rev: number; cluster: string; value?: V }>;

/** A stored row as a dump item; an empty value is left out, as Go's omitempty does. */
function itemOf<V>(row: Row<KeyKind> & { value: V }, cluster: string): Item<V> {
  const { kv, value } = row;
  return value === undefined || value === null || value === '' ? { key: kv.key, rev: kv.modRevision, cluster } : { key: kv.key, rev: kv.modRevision, cluster, value };
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
    const extra = remote?.() ?? {};
    const { store, clusterName } = deps;
    const table = <K extends KeyKind>(kind: K) => rowsUnder(store, kind, keyScope.all(kind)).map((r) => itemOf(r, clusterName));
    const section = <T>(own: readonly T[], more: readonly T[] | undefined): T[] | undefined => {
      const items = [...own, ...(more ?? [])];
      return items.length > 0 ? items : undefined;
    };
    // SC's (v2.1+) cache arrays, in its order.
    const cache: DumpCache = {
      services: section(table('service'), extra.services),
      serviceIndexes: section(table('index'), extra.serviceIndexes),
      serviceAliases: section(table('alias'), extra.serviceAliases),
      serviceTags: section(table('tags'), extra.serviceTags),
      dependencyRules: section(table('depRule'), extra.dependencyRules),
      summaries: section(table('summary'), extra.summaries),
      instances: section(
        view.allInstanceKvs().map((kv) => itemOf({ kv, value: valueOf('instance', kv) }, clusterName)),
        extra.instances,
      ),
    };
    out.cache = cache;
  }
  return E.right(out);
}
