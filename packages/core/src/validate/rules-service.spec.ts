// SC v2.2.0 service-create rules (server/service/validator/microservice_validator.go) and the
// cases of server/service/disco/metadata_test.go.
import * as E from 'fp-ts/Either';
import { CreateServiceRules, FrameworkRules, ServicePathRules } from './rules';
import { validateObject } from './validate';
import { MicroService, SERVICE_DEFAULTS, withServiceDefaults } from '../model/micro-service';
import { SC_RE, chars, detailOf, leftOf } from '../__tests__/wire-helpers';

const validate = (s: MicroService) => validateObject(CreateServiceRules, s);

const base: MicroService = withServiceDefaults({ appId: 'app', serviceName: 'svc', version: '1.0.0' });

/** A path of exactly `n` characters drawn from SC's path character class. */
const pathOf = (n: number): string => `/api/{id}?q=1&r=%20~_-@#$+,.'\\`.padEnd(n, 'p');

/** metadata_test.go "all max": every field at its maximum is accepted. */
const allMax: MicroService = {
  serviceId: chars(64, 's'),
  appId: chars(160),
  serviceName: chars(128, 'n'),
  version: '32767.32767.32767.32767',
  description: chars(256, 'd'),
  level: 'FRONT',
  schemas: [chars(160, 'x')],
  paths: Array.from({ length: 101 }, (_, i) => ({
    path: pathOf(254),
    property: { [`p${i}`]: chars(254, 'v') },
  })),
  status: 'UP',
  properties: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, chars(254, 'v')])),
  alias: chars(128, 'l'),
  environment: 'production',
  registerBy: 'SDK',
  framework: { name: chars(64, 'f'), version: chars(64, 'v') },
};

describe('CreateServiceRules: accepted services', () => {
  test('"all max" (appId 160, name 128, version 32767.32767.32767.32767, alias 128, schemaId 160, framework 64)', () => {
    expect(allMax.paths?.[0].path).toHaveLength(254);
    expect(validate(allMax)).toEqual(E.right(undefined));
  });

  test.each<[string, Partial<MicroService>]>([
    ['appId with inner - _ .', { appId: 'my-app.v1_x' }],
    ['single-character appId', { appId: 'a' }],
    ['single-segment version', { version: '0' }],
    ['two-segment version', { version: '1.0' }],
    ['leading zeros in a version', { version: '01.002.3' }],
    ['level MIDDLE', { level: 'MIDDLE' }],
    ['level BACK', { level: 'BACK' }],
    ['status DOWN', { status: 'DOWN' }],
    ['status empty', { status: '' }],
    ['environment development', { environment: 'development' }],
    ['environment testing', { environment: 'testing' }],
    ['environment acceptance', { environment: 'acceptance' }],
    ['environment production', { environment: 'production' }],
    ['environment empty', { environment: '' }],
    ['repeated environment names (SC regex quirk)', { environment: 'developmentdevelopment' }],
    ['registerBy SIDECAR', { registerBy: 'SIDECAR' }],
    ['registerBy PLATFORM', { registerBy: 'PLATFORM' }],
    ['registerBy empty', { registerBy: '' }],
    ['alias with a colon', { alias: 'app:svc' }],
    ['100 schemas (the quota)', { schemas: Array.from({ length: 100 }, (_, i) => `schema${i}`) }],
    ['schemaId with inner - _ .', { schemas: ['a-b_c.d'] }],
    ['empty framework', { framework: {} }],
    ['description of 256 multi-byte runes', { description: chars(256, '中') }],
    ['empty path', { paths: [{ path: '' }] }],
  ])('%s', (_label, patch) => {
    expect(validate({ ...base, ...patch })).toEqual(E.right(undefined));
  });
});

describe('CreateServiceRules: rejected services name the field in SC format', () => {
  const R = SC_RE;
  test.each<[string, Partial<MicroService>, string]>([
    ['serviceId " "', { serviceId: ' ' }, detailOf('MicroService', 'ServiceId', ' ', `{Max: 64, Regexp: ${R.serviceId}}`)],
    ['serviceId 65 chars', { serviceId: chars(65) }, detailOf('MicroService', 'ServiceId', chars(65), `{Max: 64, Regexp: ${R.serviceId}}`)],
    ['appId 161 chars', { appId: chars(161) }, detailOf('MicroService', 'AppId', chars(161), `{Max: 160, Regexp: ${R.name}}`)],
    ['appId with a space', { appId: 'x y' }, detailOf('MicroService', 'AppId', 'x y', `{Max: 160, Regexp: ${R.name}}`)],
    ['appId starting with -', { appId: '-app' }, detailOf('MicroService', 'AppId', '-app', `{Max: 160, Regexp: ${R.name}}`)],
    ['appId ending with .', { appId: 'app.' }, detailOf('MicroService', 'AppId', 'app.', `{Max: 160, Regexp: ${R.name}}`)],
    ['missing serviceName', { serviceName: undefined }, detailOf('MicroService', 'ServiceName', '', `{Min: 1, Max: 128, Regexp: ${R.name}}`)],
    ['serviceName 129 chars', { serviceName: chars(129) }, detailOf('MicroService', 'ServiceName', chars(129), `{Min: 1, Max: 128, Regexp: ${R.name}}`)],
    ['serviceName with a colon', { serviceName: 'a:b' }, detailOf('MicroService', 'ServiceName', 'a:b', `{Min: 1, Max: 128, Regexp: ${R.name}}`)],
    ['version "1."', { version: '1.' }, detailOf('MicroService', 'Version', '1.', `{Max: 64, Regexp: ${R.version}}`)],
    ['version "1.a.0"', { version: '1.a.0' }, detailOf('MicroService', 'Version', '1.a.0', `{Max: 64, Regexp: ${R.version}}`)],
    ['version "1.32768.0"', { version: '1.32768.0' }, detailOf('MicroService', 'Version', '1.32768.0', `{Max: 64, Regexp: ${R.version}}`)],
    ['version "1.1.0.0.0"', { version: '1.1.0.0.0' }, detailOf('MicroService', 'Version', '1.1.0.0.0', `{Max: 64, Regexp: ${R.version}}`)],
    ['version rule "1.0.0+"', { version: '1.0.0+' }, detailOf('MicroService', 'Version', '1.0.0+', `{Max: 64, Regexp: ${R.version}}`)],
    ['version "latest"', { version: 'latest' }, detailOf('MicroService', 'Version', 'latest', `{Max: 64, Regexp: ${R.version}}`)],
    ['description 257 chars', { description: chars(257) }, detailOf('MicroService', 'Description', chars(257), '{Max: 256}')],
    ['level INVALID', { level: 'INVALID' }, detailOf('MicroService', 'Level', 'INVALID', `{Regexp: ${R.level}}`)],
    ['level in lower case', { level: 'front' }, detailOf('MicroService', 'Level', 'front', `{Regexp: ${R.level}}`)],
    ['schemaId 161 chars', { schemas: ['ok', chars(161, 'x')] }, detailOf('MicroService', 'Schemas', chars(161, 'x'), `{Max: 100, Regexp: ${R.schemaIdInService}}`)],
    ['schemaId starting with _', { schemas: ['_bad'] }, detailOf('MicroService', 'Schemas', '_bad', `{Max: 100, Regexp: ${R.schemaIdInService}}`)],
    ['empty schemaId', { schemas: [''] }, detailOf('MicroService', 'Schemas', '', `{Max: 100, Regexp: ${R.schemaIdInService}}`)],
    ['status STARTING (instances only)', { status: 'STARTING' }, detailOf('MicroService', 'Status', 'STARTING', `{Regexp: ${R.serviceStatus}}`)],
    ['alias "@$#%"', { alias: '@$#%' }, detailOf('MicroService', 'Alias', '@$#%', `{Max: 128, Regexp: ${R.alias}}`)],
    ['alias 129 chars', { alias: chars(129) }, detailOf('MicroService', 'Alias', chars(129), `{Max: 128, Regexp: ${R.alias}}`)],
    ['environment "notexistenv"', { environment: 'notexistenv' }, detailOf('MicroService', 'Environment', 'notexistenv', `{Regexp: ${R.environment}}`)],
    ['registerBy "InValid"', { registerBy: 'InValid' }, detailOf('MicroService', 'RegisterBy', 'InValid', `{Max: 64, Regexp: ${R.registerBy}}`)],
    ['framework name 65 chars', { framework: { name: chars(65) } }, detailOf('FrameWork', 'Name', chars(65), `{Max: 64, Regexp: ${R.name}}`)],
    ['framework name "test@$"', { framework: { name: 'test@$' } }, detailOf('FrameWork', 'Name', 'test@$', `{Max: 64, Regexp: ${R.name}}`)],
    ['framework version 65 chars', { framework: { version: chars(65) } }, detailOf('FrameWork', 'Version', chars(65), '{Max: 64}')],
    ['path with a space', { paths: [{ path: '/ok' }, { path: '/a b' }] }, detailOf('ServicePath', 'Path', '/a b', `{Regexp: ${R.path}}`)],
  ])('%s -> 400001', (_label, patch, detail) => {
    const err = leftOf(validate({ ...base, ...patch }));
    expect(err).toEqual({ kind: 'sc-error', code: 400001, message: 'Invalid parameter(s)', detail });
  });

  test('more than 100 schemas -> 400001 naming Schemas and printing the whole list', () => {
    const schemas = Array.from({ length: 101 }, (_, i) => `s${i}`);
    const err = leftOf(validate({ ...base, schemas }));
    expect(err.code).toBe(400001);
    expect(err.detail).toBe(detailOf('MicroService', 'Schemas', `[${schemas.join(' ')}]`, `{Max: 100, Regexp: ${SC_RE.schemaIdInService}}`));
  });

  test('the first failing field in Go struct order wins', () => {
    const err = leftOf(validate({ ...base, appId: chars(161), level: 'INVALID' }));
    expect(err.detail).toMatch(/^field 'MicroService\.AppId' /);
  });
});

describe('defaults are applied before validation (datasource/ms_util.go)', () => {
  test('empty appId/version/level/status get default/0.0.1/BACK/UP', () => {
    const s = withServiceDefaults({ serviceName: 'svc', appId: '', version: '', level: '', status: '' });
    expect(s).toEqual({ serviceName: 'svc', appId: 'default', version: '0.0.1', level: 'BACK', status: 'UP' });
    expect(SERVICE_DEFAULTS).toEqual({ appId: 'default', version: '0.0.1', level: 'BACK', status: 'UP' });
  });

  test('absent fields get the same defaults; environment gets none', () => {
    const s = withServiceDefaults({ serviceName: 'svc' });
    expect(s).toEqual({ serviceName: 'svc', appId: 'default', version: '0.0.1', level: 'BACK', status: 'UP' });
    expect(s).not.toHaveProperty('environment');
  });

  test('given values are kept and the input is not mutated', () => {
    const input: MicroService = { serviceName: 'svc', appId: 'a', version: '2.0', level: 'FRONT', status: 'DOWN', environment: '' };
    const copy = { ...input };
    expect(withServiceDefaults(input)).toEqual(input);
    expect(input).toEqual(copy);
  });

  test('a bare service is valid once defaulted', () => {
    expect(validate(withServiceDefaults({ serviceName: 'svc' }))).toEqual(E.right(undefined));
  });

  test('without the defaults the empty version is the first failure', () => {
    expect(leftOf(validate({ serviceName: 'svc' })).detail).toBe(
      detailOf('MicroService', 'Version', '', `{Max: 64, Regexp: ${SC_RE.version}}`),
    );
  });

  test('without the defaults an empty level is rejected', () => {
    expect(leftOf(validate({ serviceName: 'svc', version: '1.0.0' })).detail).toBe(
      detailOf('MicroService', 'Level', '', `{Regexp: ${SC_RE.level}}`),
    );
  });
});

describe('nested service rules on their own', () => {
  test('FrameworkRules and ServicePathRules carry SC Go type names', () => {
    expect(FrameworkRules.goType).toBe('FrameWork');
    expect(ServicePathRules.goType).toBe('ServicePath');
  });

  test('a null framework or paths is skipped like an absent one', () => {
    expect(validateObject(CreateServiceRules, { ...base, framework: null, paths: null })).toEqual(E.right(undefined));
  });
});
