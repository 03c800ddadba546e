import { REG, TestServer, call, createService, detailOf, errorCodeOf, uniqueName } from '../../__tests__/services-client';
import { startTestServer } from '../../__tests__/test-server';

describe('register validation and existence (SC\'s server/service/validator/microservice_validator.go)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const register = (service: Record<string, unknown>) => call(server, 'POST', `${REG}/microservices`, { body: { service } });

  test.each([
    ['serviceId " "', { serviceId: ' ' }, 'MicroService.ServiceId'],
    ['appId of 161 chars', { appId: 'a'.repeat(161) }, 'MicroService.AppId'],
    ['no serviceName', { serviceName: undefined }, 'MicroService.ServiceName'],
    ['version "1."', { version: '1.' }, 'MicroService.Version'],
    ['version "1.a.0"', { version: '1.a.0' }, 'MicroService.Version'],
    ['version "1.32768.0"', { version: '1.32768.0' }, 'MicroService.Version'],
    ['version "1.1.0.0.0"', { version: '1.1.0.0.0' }, 'MicroService.Version'],
    ['level INVALID', { level: 'INVALID' }, 'MicroService.Level'],
    ['env notexistenv', { environment: 'notexistenv' }, 'MicroService.Environment'],
    ['alias "@$#%"', { alias: '@$#%' }, 'MicroService.Alias'],
    ['alias of 129 chars', { alias: 'a'.repeat(129) }, 'MicroService.Alias'],
    ['framework version of 65 chars', { framework: { name: 'java', version: 'v'.repeat(65) } }, 'FrameWork.Version'],
    ['framework name of 65 chars', { framework: { name: 'n'.repeat(65) } }, 'FrameWork.Name'],
    ['framework name "test@$"', { framework: { name: 'test@$' } }, 'FrameWork.Name'],
    ['registerBy InValid', { registerBy: 'InValid' }, 'MicroService.RegisterBy'],
    ['description of 257 chars', { description: 'd'.repeat(257) }, 'MicroService.Description'],
    ['schemaId of 161 chars', { schemas: ['s'.repeat(161)] }, 'MicroService.Schemas'],
    ['more schema ids than the quota', { schemas: Array.from({ length: 101 }, (_, i) => `s${i}`) }, 'MicroService.Schemas'],
    ['status UNKNOWN', { status: 'UNKNOWN' }, 'MicroService.Status'],
    ['a path with a space', { paths: [{ path: '/a b' }] }, 'ServicePath.Path'],
  ])('%s is 400001 naming the field', async (_name, fields, field) => {
    const r = await register({ serviceName: uniqueName(), ...fields });
    expect(r.status).toBe(400);
    expect(errorCodeOf(r)).toBe('400001');
    expect(detailOf(r)).toContain(`field '${field}' invalid value`);
  });

  test("an explicit serviceId with '/' is 400001 (stricter than SC: it would nest under another id's keys)", async () => {
    const parent = await createService(server, { serviceName: uniqueName(), serviceId: uniqueName('parent') });
    const r = await register({ serviceName: uniqueName(), serviceId: `${parent}/child` });
    expect(errorCodeOf(r)).toBe('400001');
    expect(detailOf(r)).toContain("'/' is not allowed");
  });

  test('a missing service or an empty body object is 400001 "Request body is empty"', async () => {
    for (const body of [{}, { service: null }, { tags: { a: 'b' } }]) {
      const r = await call(server, 'POST', `${REG}/microservices`, { body });
      expect(errorCodeOf(r)).toBe('400001');
      expect(detailOf(r)).toBe('Request body is empty');
    }
  });

  test('the default appId and version are applied before validation', async () => {
    expect((await register({ serviceName: uniqueName(), appId: '', version: '' })).status).toBe(200);
  });

  describe('existence type=microservice', () => {
    const name = uniqueName('exist');
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      ids.plain = await createService(server, { serviceName: name, appId: 'existApp', version: '1.0.0', alias: `${name}:es` });
      ids.prod = await createService(server, { serviceName: name, appId: 'existApp', version: '1.0.0', environment: 'production', alias: `${name}:ep` });
      ids.v2 = await createService(server, { serviceName: name, appId: 'existApp', version: '2.0.0' });
    });
    const exist = (q: Record<string, string>) =>
      call(server, 'GET', `${REG}/existence?${new URLSearchParams({ type: 'microservice', appId: 'existApp', ...q })}`);

    test('finds by name or alias, in each environment, at the exact version', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ serviceName: name, version: '1.0.0' }, ids.plain],
        [{ serviceName: name, version: '2.0.0' }, ids.v2],
        [{ serviceName: `${name}:es`, version: '1.0.0' }, ids.plain],
        [{ serviceName: name, version: '1.0.0', env: 'production' }, ids.prod],
        [{ serviceName: `${name}:ep`, version: '1.0.0', env: 'production' }, ids.prod],
      ];
      for (const [q, id] of cases) {
        const r = await exist(q);
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ serviceId: id });
      }
    });

    test('unknown name, other env, alias of another env are 400012 with SC detail', async () => {
      const unknown = await exist({ serviceName: 'nosuch', version: '1.0.0' });
      expect(errorCodeOf(unknown)).toBe('400012');
      expect(detailOf(unknown)).toBe('/existApp/nosuch/1.0.0 does not exist.');
      expect(errorCodeOf(await exist({ serviceName: `${name}:ep`, version: '1.0.0' }))).toBe('400012');
      expect(errorCodeOf(await exist({ serviceName: name, version: '1.0.0', env: 'testing' }))).toBe('400012');
    });

    test('a known name with an unknown version is 400026 "version mismatch."', async () => {
      const r = await exist({ serviceName: name, version: '3.0.0' });
      expect(errorCodeOf(r)).toBe('400026');
      expect(detailOf(r)).toBe(`/existApp/${name}/3.0.0 version mismatch.`);
      // 2.0.0 exists, but not in production, where the name has only 1.0.0.
      expect(errorCodeOf(await exist({ serviceName: name, version: '2.0.0', env: 'production' }))).toBe('400026');
    });

    test.each(['', '3.32768.0', '3.0.0.0.0', '0.0.0-1.0.0', '0.0.0+', 'latest'])('version "%s" is 400001', async (version) => {
      expect(errorCodeOf(await exist({ serviceName: name, version }))).toBe('400001');
    });

    test('empty appId or name, and a bad env, are 400001', async () => {
      expect(errorCodeOf(await exist({ serviceName: name, version: '1.0.0', appId: '' }))).toBe('400001');
      expect(errorCodeOf(await exist({ serviceName: '', version: '1.0.0' }))).toBe('400001');
      expect(errorCodeOf(await exist({ serviceName: name, version: '1.0.0', env: 'nope' }))).toBe('400001');
    });
  });

  test('an unknown or missing existence type is 400001 with SC text', async () => {
    for (const q of ['?type=nosuch', '']) {
      const r = await call(server, 'GET', `${REG}/existence${q}`);
      expect(errorCodeOf(r)).toBe('400001');
      expect(detailOf(r)).toBe('Only micro-service and schema can be used as type.');
    }
  });
});
