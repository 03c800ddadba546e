import * as fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { startTestServer } from '../__tests__/test-server';
import { freePort } from '../__tests__/free-port';
import { call, createInstance, createService, eventually, SAMPLE_INSTANCE } from '../__tests__/instances-helpers';
import { buildConsoleInto, collectErrors, launchChromium, type TestBrowser } from '../__tests__/chromium';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const REG = '/v4/default/registry';
const SCHEMA = ['swagger: "2.0"', 'info: {title: orders API, version: "1.0"}', 'basePath: /orders', 'paths:', '  /{id}:', '    get: {operationId: getOrder}', ''].join('\n');

/** The Instances column of a Federation row. */
const instancesOf = async (row: Locator) => Number(await row.getByRole('cell').nth(5).textContent());

/**
 * The console in a real browser against two federated servers: sc1's console shows sc2's
 * service on every page, follows changes in sc2, releases a quarantine, never logs an error.
 */
describe('console (headless Chromium, two federated servers)', () => {
  let consoleDir: string;
  let sc1: TestServer;
  let sc2: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let remoteId: string;

  beforeAll(async () => {
    consoleDir = buildConsoleInto();
    const [p1, p2] = [await freePort(), await freePort()];
    const options = { federation: { pollWaitMs: 500, tickMs: 100 }, consoleDir };
    const common = { syncInterval: 1, peerTimeout: 1 };
    // sc1 quarantines a peer that withdraws half of 4+ instances, and waits for an operator to release it.
    sc1 = await startTestServer(
      { clusterName: 'sc1', port: p1, clusters: [{ name: 'sc2', urls: [`http://127.0.0.1:${p2}`] }], quarantineMin: 4, quarantineShare: 0.5, quarantineConfirmations: 1000, ...common },
      options,
    );
    sc2 = await startTestServer({ clusterName: 'sc2', port: p2, clusters: [{ name: 'sc1', urls: [`http://127.0.0.1:${p1}`] }], ...common }, options);
    remoteId = await createService(sc2.url, { serviceName: 'orders', appId: 'shop', version: '1.0.0' });
    expect((await call(sc2.url, 'PUT', `${REG}/microservices/${remoteId}/schemas/orders-api`, { body: { schema: SCHEMA } })).status).toBe(200);
    await createInstance(sc2.url, remoteId, { ...SAMPLE_INSTANCE, hostName: 'orders-a', endpoints: ['rest://10.0.2.1:8080'] });
    const localId = await createService(sc1.url, { serviceName: 'cart', appId: 'shop', version: '1.0.0' });
    await createInstance(sc1.url, localId, { ...SAMPLE_INSTANCE, hostName: 'cart-a' });
    const dep = await call(sc1.url, 'PUT', `${REG}/dependencies`, {
      body: { dependencies: [{ consumer: { appId: 'shop', serviceName: 'cart', version: '1.0.0' }, providers: [{ appId: 'shop', serviceName: 'orders' }] }] },
    });
    expect(dep.status).toBe(200);
    await eventually(async () => (await call(sc1.url, 'GET', `${REG}/microservices/${remoteId}/instances?global=true`)).status === 200, 10_000);
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = collectErrors(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([sc1?.stop(), sc2?.stop()]);
    fs.rmSync(consoleDir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('Federation lists both clusters with the peer instance count', async () => {
    await page.goto(`${sc1.url}/ui/`);
    const sources = page.getByTestId('sources');
    await sources.getByRole('row', { name: /sc2/ }).waitFor();
    await expect(sources.getByRole('row', { name: /sc1.*this server/ }).count()).resolves.toBe(1);
    // orders-a and sc2's echo of sc1's own cart-a (a source counts what it delivers; the merge drops echoes)
    await expect(instancesOf(sources.getByRole('row', { name: /sc2/ }))).resolves.toBe(2);
  }, 30_000);

  test('Services shows the remote service with per-cluster counts; filters by name', async () => {
    await page.getByRole('link', { name: 'Services' }).click();
    const table = page.getByTestId('services');
    const row = table.getByRole('row', { name: /orders/ });
    await row.waitFor();
    const header = await table.locator('thead th').allTextContents();
    expect(header).toEqual(['Service', 'Version', 'App', 'Env', 'sc1', 'sc2', 'Total', 'Marks']);
    expect(await row.locator('td').allTextContents()).toEqual(['1.0.0', 'shop', '', '0', '1', '1', '']);
    await page.getByRole('searchbox').fill('car');
    await table.getByRole('row', { name: /orders/ }).waitFor({ state: 'detached' });
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toMatch(/\/ui\/services\?name=car$/);
    await page.getByRole('searchbox').fill('');
  }, 30_000);

  test('Service shows the instance with its origin cluster, its endpoint and the rendered schema', async () => {
    await page.getByTestId('services').getByRole('link', { name: 'orders' }).click();
    await page.getByRole('heading', { name: /orders/ }).waitFor();
    const instance = page.getByTestId('instances').getByRole('row', { name: /orders-a/ });
    await instance.waitFor();
    expect(await instance.locator('td').allTextContents()).toEqual(expect.arrayContaining(['sc2', 'rest://10.0.2.1:8080']));
    await page.getByText('orders-api').click();
    await page.getByRole('cell', { name: '/orders/{id}' }).waitFor();
    await page.getByRole('link', { name: 'cart 1.0.0' }).waitFor(); // a consumer, from sc1
    // A reload of a client-side route is answered by index.html.
    await page.reload();
    await page.getByTestId('instances').getByRole('row', { name: /orders-a/ }).waitFor();
  }, 30_000);

  test('a new instance in sc2 appears in sc1 console within 2 s', async () => {
    const started = Date.now();
    await createInstance(sc2.url, remoteId, { ...SAMPLE_INSTANCE, hostName: 'orders-b', endpoints: ['rest://10.0.2.2:8080'] });
    await page.getByTestId('instances').getByRole('row', { name: /orders-b/ }).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
  }, 30_000);

  test('Conflicts and Topology render; the graph holds the remote provider', async () => {
    await page.getByRole('link', { name: 'Conflicts' }).click();
    await page.getByTestId('no-conflicts').waitFor();
    // The same service key registered in both clusters with different definitions: a conflict.
    await createService(sc2.url, { serviceName: 'payments', appId: 'shop', version: '1.0.0', properties: { owner: 'sc2' } });
    await createService(sc1.url, { serviceName: 'payments', appId: 'shop', version: '1.0.0', properties: { owner: 'sc1' } });
    const conflict = page.getByTestId('conflicts').getByRole('row', { name: /payments/ });
    await conflict.waitFor({ timeout: 5000 });
    const cells = await conflict.getByRole('cell').allTextContents();
    expect(cells[1]).toBe('(no env) / shop / payments / 1.0.0');
    expect(cells[2]).toBe('sc1, sc2');
    expect(['sc1', 'sc2']).toContain(cells[3]);
    await page.getByRole('link', { name: 'Services' }).click();
    await page.getByTestId('services').getByRole('row', { name: /payments/ }).getByText('conflict').waitFor();
    await page.getByRole('link', { name: 'Topology' }).click();
    const graph = page.getByTestId('topology');
    await graph.getByRole('link', { name: /orders 1.0.0 \(sc2\)/ }).waitFor();
    await graph.getByRole('link', { name: /cart 1.0.0 \(sc1\)/ }).waitFor();
    expect(await graph.locator('path.edge').count()).toBe(1);
  }, 30_000);

  test('a quarantined peer is released from the Federation page', async () => {
    const bulk = await createService(sc2.url, { serviceName: 'bulk', appId: 'shop', version: '1.0.0' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) ids.push(await createInstance(sc2.url, bulk, { ...SAMPLE_INSTANCE, hostName: `bulk-${i}` }));
    await page.getByRole('link', { name: 'Federation' }).click();
    const peerRow = page.getByTestId('sources').getByRole('row', { name: /sc2/ });
    await peerRow.waitFor();
    const total = (await call<{ instances?: unknown[] }>(sc2.url, 'GET', `${REG}/microservices/${remoteId}/instances`)).body.instances?.length ?? 0;
    const before = total + 1 + 6; // orders' instances, the echo of sc1's cart-a, bulk's
    await eventually(async () => (await instancesOf(peerRow)) === before, 10_000);
    await Promise.all(ids.slice(1).map((id) => call(sc2.url, 'DELETE', `${REG}/microservices/${bulk}/instances/${id}`)));
    const release = page.getByRole('button', { name: 'Release the quarantine of sc2' });
    await release.waitFor({ timeout: 10_000 });
    expect(await peerRow.getByRole('cell').nth(6).textContent()).toMatch(/quarantined.*withdrawn, \d+ held/);
    const bulkAtSc1 = async () => (await call<{ instances?: unknown[] }>(sc1.url, 'GET', `${REG}/microservices/${bulk}/instances?global=true`)).body.instances?.length ?? 0;
    // The stream delivers the deletions one by one: those past the threshold are held back.
    expect(await bulkAtSc1()).toBeGreaterThan(1);
    await release.click();
    await release.waitFor({ state: 'detached', timeout: 5000 });
    expect(await peerRow.getByRole('cell').nth(6).textContent()).toBe('no');
    await eventually(async () => (await bulkAtSc1()) === 1, 5000);
    expect(await instancesOf(peerRow)).toBe(before - 5);
  }, 45_000);

  test('1,000 services: one page of 50 rows, keyboard paging, and a banner when the server goes away', async () => {
    const alone = await startTestServer({ clusterName: 'solo' }, { consoleDir });
    let stopped = false;
    try {
      const names = Array.from({ length: 1000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
      for (let i = 0; i < names.length; i += 50) {
        await Promise.all(names.slice(i, i + 50).map((serviceName) => createService(alone.url, { serviceName, appId: 'bulk', version: '1.0.0' })));
      }
      const started = Date.now();
      await page.goto(`${alone.url}/ui/services`);
      await page.getByText('page 1 of 20 (1000)').waitFor();
      const rendered = Date.now() - started;
      expect(await page.getByTestId('services').locator('tbody tr').count()).toBe(50);
      expect(rendered).toBeLessThan(3000);
      // Keyboard only: Tab to "Next" and press Enter.
      await page.getByRole('button', { name: 'Next ›' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('page 2 of 20 (1000)').waitFor();
      await page.getByRole('link', { name: 'svc-0050' }).waitFor();
      await alone.stop();
      stopped = true;
      await page.getByTestId('unreachable').waitFor({ timeout: 5000 });
      // The last answer stays on screen under the banner.
      await page.getByRole('link', { name: 'svc-0050' }).waitFor();
      await page.goto('about:blank'); // stop the retries before counting what they logged
      // Refused connections are what the banner reports; the browser logs each one.
      const unexpected = errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(e));
      expect(unexpected).toEqual([]);
      errors.length = 0;
    } finally {
      if (!stopped) await alone.stop();
    }
  }, 60_000);

  test('RBAC: login page, token only in memory, API calls carry it, logout and 401 go back to login', async () => {
    const secured = await startTestServer({ clusterName: 'sec', rbacEnabled: true, rbacInitRootPassword: 'Root_Pass1' }, { consoleDir });
    try {
      // The static files need no token; the API does.
      expect((await fetch(`${secured.url}/ui/`)).status).toBe(200);
      expect((await fetch(`${secured.url}/v4/default/admin/sources`)).status).toBe(401);
      await page.goto(`${secured.url}/ui/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Account').fill('root');
      await page.getByLabel('Password').fill('Root_Pass1');
      const sources = page.waitForRequest((r) => r.url().endsWith('/v4/default/admin/sources'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('sources').getByRole('row', { name: /sec/ }).waitFor();
      expect((await sources).headers().authorization).toMatch(/^Bearer \S+$/);
      expect(await page.evaluate('[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([0, 0, '']);
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // A reload forgets the token: the login page again.
      await page.getByLabel('Account').fill('root');
      await page.getByLabel('Password').fill('Root_Pass1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('sources').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // A token the server stops accepting (its account is deleted): 401, back to login.
      const rootToken = (await call<{ token: string }>(secured.url, 'POST', '/v4/token', { body: { name: 'root', password: 'Root_Pass1' } })).body.token;
      const asRoot = { Authorization: `Bearer ${rootToken}` };
      const created = await call(secured.url, 'POST', '/v4/accounts', { body: { name: 'ops1', password: 'Ops_Pass1', roles: ['admin'] }, headers: asRoot });
      expect(created.status).toBe(200);
      await page.getByLabel('Account').fill('ops1');
      await page.getByLabel('Password').fill('Ops_Pass1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('sources').waitFor();
      expect((await call(secured.url, 'DELETE', '/v4/accounts/ops1', { headers: asRoot })).status).toBe(200);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5000 });
      await page.goto('about:blank'); // requests still in flight then end now
      // The browser logs the refused requests: those 401s are the point of this step.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      errors.length = 0;
    } finally {
      await secured.stop();
    }
  }, 60_000);
});
