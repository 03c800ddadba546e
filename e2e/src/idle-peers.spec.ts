import { ScNode, api, eventually, startPeeredPair, stopAll } from './support/node';

type SourceJson = { source: string; status: string; lastConfirmed: string; peer?: { ok: boolean; mode: string; errors: number } };

const IDLE_MS = 60_000;
const HEALTH_EVERY_MS = 2_000;

async function sourceOf(node: ScNode, name: string): Promise<SourceJson | undefined> {
  const r = await api(node.url, 'GET', '/v4/default/admin/sources');
  return (r.body.sources as SourceJson[]).find((s) => s.source === name);
}

async function alarmsOf(node: ScNode): Promise<{ id: string; status: string }[]> {
  const r = await api(node.url, 'GET', '/v4/default/admin/alarms');
  return (r.body.alarms as { id: string; status: string }[] | undefined) ?? [];
}

/**
 * Two of our servers with the default sync interval and peer timeout, peered with each
 * other and idle: the change stream's long polls wait longer than the peer timeout, and
 * that must never read as the peer being gone.
 */
describe('idle peers with default timings', () => {
  let sc1: ScNode;
  let sc2: ScNode;
  beforeAll(async () => {
    [sc1, sc2] = await startPeeredPair();
  });
  afterAll(() => stopAll([sc1, sc2]));

  test(
    'stay fresh, healthy and alarm-free for a minute',
    async () => {
      const pairs: [ScNode, string][] = [
        [sc1, 'sc2/servicecenter'],
        [sc2, 'sc1/servicecenter'],
      ];
      for (const [node, source] of pairs) {
        await eventually(async () => ((await sourceOf(node, source))?.status === 'fresh' ? true : undefined), 20_000, `${source} fresh in ${node.spec.name}`);
      }
      // Whichever server started first may have found the other not listening yet: only
      // the idle minute after both are in sync is judged.
      for (const [node] of pairs) expect((await api(node.url, 'DELETE', '/v4/default/admin/alarms')).status).toBe(200);
      const outputBefore = pairs.map(([node]) => node.output().length);
      const errorsBefore = await Promise.all(pairs.map(async ([node, source]) => (await sourceOf(node, source))?.peer?.errors));

      const unhealthy: string[] = [];
      const until = Date.now() + IDLE_MS;
      while (Date.now() < until) {
        for (const [node] of pairs) {
          const h = await api(node.url, 'GET', '/v4/default/registry/health');
          if (h.status !== 200) unhealthy.push(`${node.spec.name} at ${new Date().toISOString()}: ${h.status} ${JSON.stringify(h.body)}`);
        }
        await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
      }

      expect(unhealthy).toEqual([]);
      pairs.forEach(([node], i) => {
        const lines = node.output().slice(outputBefore[i]).split('\n');
        expect(lines.filter((l) => /unreachable/i.test(l))).toEqual([]);
      });
      for (const [node] of pairs) {
        expect((await alarmsOf(node)).filter((a) => a.id === 'BackendConnectionRefuse')).toEqual([]);
      }
      for (const [i, [node, source]] of pairs.entries()) {
        const s = await sourceOf(node, source);
        // The long polls are what is judged: still streaming, and not one failed call in the minute.
        expect(s).toMatchObject({ status: 'fresh', peer: { ok: true, mode: 'stream', errors: errorsBefore[i] } });
        // Confirmed by the stream's polls or the interval's dump pull: never older than one interval.
        expect(Date.now() - Date.parse(s?.lastConfirmed ?? '')).toBeLessThan(35_000);
      }
    },
    120_000,
  );
});
