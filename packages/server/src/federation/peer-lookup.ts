import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { MicroServiceInstance, Schema, Tenant, struct } from '@service-center/core';
import type { PeerClient } from '../sources/servicecenter/peer-client';

const InstanceAnswer = struct('InstanceAnswer', {}, { instance: MicroServiceInstance });
const InstancesAnswer = struct('InstancesAnswer', {}, { instances: t.array(MicroServiceInstance) });
const SchemaAnswer = struct('SchemaAnswer', {}, { schema: t.string });
const SchemasAnswer = struct('SchemasAnswer', {}, { schemas: t.array(Schema) });

export type FoundAtPeer<A> = Readonly<{ peer: string; value: A }>;

/**
 * Service-Center's cache-miss path: ask the peers themselves, always with `global=false`
 * so two aggregating servers never recurse into each other. Peers are asked in order; the
 * first non-empty answer wins, and a peer that fails is skipped.
 */
export class PeerLookup {
  constructor(private readonly clients: readonly PeerClient[]) {}

  private async first<A, O>(
    tenant: Tenant,
    path: string,
    codec: t.Type<A, O, unknown>,
    pick: (a: A) => boolean,
  ): Promise<FoundAtPeer<A> | undefined> {
    for (const c of this.clients) {
      const r = await c.getJson(`/v4/${encodeURIComponent(tenant.project)}/registry${path}`, codec, {
        headers: { 'X-Domain-Name': tenant.domain, 'X-ConsumerId': '' },
      });
      if (E.isRight(r) && pick(r.right)) return { peer: c.peer.name, value: r.right };
    }
    return undefined;
  }

  async instance(tenant: Tenant, serviceId: string, instanceId: string): Promise<FoundAtPeer<MicroServiceInstance> | undefined> {
    const p = `/microservices/${encodeURIComponent(serviceId)}/instances/${encodeURIComponent(instanceId)}?global=false`;
    const r = await this.first(tenant, p, InstanceAnswer, (a) => a.instance !== undefined);
    return r && r.value.instance ? { peer: r.peer, value: r.value.instance } : undefined;
  }

  async instances(tenant: Tenant, serviceId: string): Promise<FoundAtPeer<MicroServiceInstance[]> | undefined> {
    const p = `/microservices/${encodeURIComponent(serviceId)}/instances?global=false`;
    const r = await this.first(tenant, p, InstancesAnswer, (a) => (a.instances?.length ?? 0) > 0);
    return r ? { peer: r.peer, value: r.value.instances ?? [] } : undefined;
  }

  async schema(tenant: Tenant, serviceId: string, schemaId: string): Promise<FoundAtPeer<string> | undefined> {
    const p = `/microservices/${encodeURIComponent(serviceId)}/schemas/${encodeURIComponent(schemaId)}?global=false`;
    const r = await this.first(tenant, p, SchemaAnswer, (a) => a.schema !== undefined);
    return r && r.value.schema !== undefined ? { peer: r.peer, value: r.value.schema } : undefined;
  }

  async schemas(tenant: Tenant, serviceId: string): Promise<FoundAtPeer<Schema[]> | undefined> {
    const p = `/microservices/${encodeURIComponent(serviceId)}/schemas?withSchema=1&global=false`;
    const r = await this.first(tenant, p, SchemasAnswer, (a) => (a.schemas?.length ?? 0) > 0);
    return r ? { peer: r.peer, value: r.value.schemas ?? [] } : undefined;
  }
}
