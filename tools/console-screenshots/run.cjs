// `npm run console:screenshots [outDir]`: starts two federated servers (sc1, sc2) with some
// services, instances, a schema, dependencies and a conflict, opens each console page in
// headless Chromium and writes PNGs (default docs/screenshots/). Needs the build first (the
// npm script does it) and Debian's chromium (tools/ensure-system-deps.sh installs it).
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { DEFAULT_CONFIG, startServer } = require('../../packages/server/dist/index.js');

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs/screenshots'));
const CHROMIUM = process.env.SC_CHROMIUM_BIN ?? '/usr/bin/chromium';
// The same flags as the browser tests: without them Chromium waits on the network here.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SCHEMA = `swagger: "2.0"
info: {title: Orders API, version: "1.2"}
basePath: /orders
paths:
  /:
    get: {operationId: listOrders}
    post: {operationId: createOrder}
  /{id}:
    get: {operationId: getOrder}
    delete: {operationId: cancelOrder}
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function call(base, method, p, body) {
  const res = await fetch(base + p, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text === '' ? {} : JSON.parse(text);
}

const REG = '/v4/default/registry';

async function service(base, s) {
  return (await call(base, 'POST', `${REG}/microservices`, { service: { version: '1.0.0', ...s } })).serviceId;
}

async function instance(base, serviceId, hostName, endpoint, props = {}) {
  const inst = { hostName, endpoints: [endpoint], status: 'UP', properties: props, healthCheck: { mode: 'push', interval: 30, times: 3 } };
  return (await call(base, 'POST', `${REG}/microservices/${serviceId}/instances`, { instance: inst })).instanceId;
}

async function seed(sc1, sc2) {
  const orders = await service(sc2.url, { appId: 'shop', serviceName: 'orders', version: '1.2.0', schemas: ['orders-api'], description: 'Order book' });
  await call(sc2.url, 'PUT', `${REG}/microservices/${orders}/schemas/orders-api`, { schema: SCHEMA });
  await call(sc2.url, 'POST', `${REG}/microservices/${orders}/tags`, { tags: { team: 'checkout', tier: 'gold' } });
  await instance(sc2.url, orders, 'orders-7f9c', 'rest://10.1.0.11:8080', { zone: 'eu-west-1a' });
  await instance(sc2.url, orders, 'orders-2b41', 'rest://10.1.0.12:8080', { zone: 'eu-west-1b' });
  const ordersOld = await service(sc2.url, { appId: 'shop', serviceName: 'orders', version: '1.1.0' });
  await instance(sc2.url, ordersOld, 'orders-legacy', 'rest://10.1.0.9:8080');
  const payments = await service(sc2.url, { appId: 'shop', serviceName: 'payments' });
  await instance(sc2.url, payments, 'payments-1', 'rest://10.1.0.21:8443?sslEnabled=true');
  const cart = await service(sc1.url, { appId: 'shop', serviceName: 'cart', version: '2.0.0' });
  await instance(sc1.url, cart, 'cart-a', 'rest://10.0.0.5:8080');
  await instance(sc1.url, cart, 'cart-b', 'rest://10.0.0.6:8080');
  const web = await service(sc1.url, { appId: 'shop', serviceName: 'web' });
  await instance(sc1.url, web, 'web-1', 'rest://10.0.0.2:80');
  // Both clusters register payments 1.0.0, with different definitions: a conflict.
  const twin = await service(sc1.url, { appId: 'shop', serviceName: 'payments', description: 'registered in sc1 too' });
  await instance(sc1.url, twin, 'payments-sc1', 'rest://10.0.0.31:8443?sslEnabled=true');
  const dep = (consumer, providers) => call(sc1.url, 'PUT', `${REG}/dependencies`, { dependencies: [{ consumer: { appId: 'shop', ...consumer }, providers: providers.map((p) => ({ appId: 'shop', ...p })) }] });
  await dep({ serviceName: 'web', version: '1.0.0' }, [{ serviceName: 'cart' }, { serviceName: 'orders' }]);
  await dep({ serviceName: 'cart', version: '2.0.0' }, [{ serviceName: 'orders' }, { serviceName: 'payments' }]);
  return { orders };
}

async function main() {
  const [p1, p2] = [await freePort(), await freePort()];
  const dirs = [];
  const start = async (name, port, peer, peerPort) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sc-shots-${name}-`));
    dirs.push(dataDir);
    const config = { ...DEFAULT_CONFIG, clusterName: name, port, host: '127.0.0.1', dataDir, logLevel: 'silent', syncInterval: 1, clusters: [{ name: peer, urls: [`http://127.0.0.1:${peerPort}`] }] };
    return startServer(config, { federation: { pollWaitMs: 500, tickMs: 200 } });
  };
  const sc1 = await start('sc1', p1, 'sc2', p2);
  const sc2 = await start('sc2', p2, 'sc1', p1);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-shots-chromium-'));
  let context;
  try {
    const { orders } = await seed(sc1, sc2);
    await new Promise((r) => setTimeout(r, 2500)); // let the peers sync
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    fs.mkdirSync(OUT, { recursive: true });
    const shots = [
      ['federation', '', 'sources'],
      ['services', 'services', 'services'],
      ['service', `services/${orders}`, 'instances'],
      ['conflicts', 'conflicts', 'conflicts'],
      ['topology', 'topology', 'topology'],
    ];
    for (const [name, route, testId] of shots) {
      await page.goto(`${sc1.url}/ui/${route}`);
      await page.getByTestId(testId).waitFor();
      if (name === 'service') await page.locator('details.schema summary').first().click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: name === 'service' });
      process.stdout.write(`wrote ${path.relative(ROOT, path.join(OUT, `${name}.png`))}\n`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${sc1.url}/ui/services`);
    await page.getByTestId('services').waitFor();
    await page.screenshot({ path: path.join(OUT, 'services-phone.png') });
    process.stdout.write(`wrote ${path.relative(ROOT, path.join(OUT, 'services-phone.png'))}\n`);
  } finally {
    await context?.close();
    await Promise.all([sc1.close(), sc2.close()]);
    for (const d of [...dirs, profile]) fs.rmSync(d, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`console screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
