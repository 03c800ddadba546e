import { merge } from '../aggregate/merge';
import { POLICY, T, T0, inst, local, peer, summary, svc } from '../__tests__/aggregate-fixtures';
import { viewReads } from './view-reads';

describe('viewReads: what the govern routes read of the merged view', () => {
  const cart = svc('sc1', 'cart', { schemas: ['s1', 's2'] });
  const remoteCart = svc('sc2', 'cart', { schemas: ['s1', 's2'] });
  const pay = svc('sc2', 'pay');
  const view = merge(
    [
      local({ services: [cart], instances: [inst('sc1', cart, 'i1')] }),
      peer('sc2', { services: [remoteCart, pay], instances: [inst('sc2', remoteCart, 'i2')], summaries: [summary('sc2', remoteCart, 's2', 'sum2'), summary('sc2', remoteCart, 's3', 'sum3')] }),
    ],
    POLICY,
    T0,
  ).view;
  const reads = viewReads(view);
  const id = cart.service.serviceId;

  test('origins: every cluster that contributed, sorted', () => {
    expect(reads.origins(T, id)).toEqual(['sc1', 'sc2']);
    expect(reads.origins(T, pay.service.serviceId)).toEqual(['sc2']);
    expect(reads.origins(T, 'unknown')).toEqual([]);
  });

  test("schemas: the winning definition's ids, then other summarized ids; summaries where known, never content", () => {
    const remoteOnly = viewReads(merge([local({}), peer('sc2', { services: [remoteCart], summaries: [summary('sc2', remoteCart, 's2', 'sum2'), summary('sc2', remoteCart, 's3', 'sum3')] })], POLICY, T0).view);
    expect(remoteOnly.schemas(T, id)).toEqual([{ schemaId: 's1' }, { schemaId: 's2', summary: 'sum2' }, { schemaId: 's3', summary: 'sum3' }]);
    // Here sc1's definition wins (same timestamp, smaller cluster name), and it has no summaries.
    expect(reads.schemas(T, id)).toEqual([{ schemaId: 's1' }, { schemaId: 's2' }]);
    expect(reads.schemas(T, pay.service.serviceId)).toEqual([]);
    expect(reads.schemas(T, 'unknown')).toEqual([]);
  });

  test('dependency rules are not in the merged view', () => {
    expect(reads.providers(T, id)).toEqual([]);
    expect(reads.consumers(T, id)).toEqual([]);
  });
});
