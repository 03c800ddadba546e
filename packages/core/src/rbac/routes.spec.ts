// Route -> resource and method -> verb as SC's server/service/rbac/resource.go and permission.go map them.
import fc from 'fast-check';
import { accessOf, isWhiteListed, resourceOf, verbOf } from './routes';

describe('verbOf', () => {
  test.each([
    ['GET', 'get'],
    ['POST', 'create'],
    ['PUT', 'update'],
    ['DELETE', 'delete'],
    ['PATCH', ''],
    ['get', 'get'],
  ])('%s -> %j', (method, verb) => {
    expect(verbOf(method)).toBe(verb);
  });
});

describe('the white list', () => {
  test.each(['/v4/token', '/version', '/health', '/v4/default/registry/version', '/v4/p1/registry/health', '/v1/syncer/health', '/metrics'])(
    '%s needs no token',
    (path) => {
      expect(isWhiteListed(path)).toBe(true);
      expect(accessOf('GET', path)).toEqual({ kind: 'open' });
    },
  );

  test.each(['/v4/default/registry/microservices', '/v4/default/admin/dump', '/v4/accounts', '/v4/tokens', '/v4/token/x'])('%s needs one', (path) => {
    expect(isWhiteListed(path)).toBe(false);
  });
});

describe('resourceOf', () => {
  test.each([
    ['/v4/default/registry/microservices', 'service'],
    ['/v4/default/registry/microservices/abc', 'service'],
    ['/v4/default/registry/microservices/abc/instances', 'service'],
    ['/v4/default/registry/instances', 'service'],
    ['/v4/default/registry/instances/action', 'service'],
    ['/v4/default/registry/heartbeats', 'service'],
    ['/v4/default/registry/existence', 'service'],
    ['/v4/default/registry/microservices/abc/watcher', 'service'],
    ['/v4/default/registry/microservices/abc/tags', 'service'],
    ['/v4/default/govern/microservices', 'service'],
    ['/registry/v3/microservices/abc/watcher', 'service'],
    ['/v4/default/registry/microservices/abc/schemas', 'service/schema'],
    ['/v4/default/registry/microservices/abc/schemas/s1', 'service/schema'],
    ['/v1/default/gov/loadbalance', 'governance'],
    ['/v4/default/admin/dump', 'ops'],
    ['/v4/default/admin/changes', 'ops'],
    ['/v4/default/admin/sources/dc2/release', 'ops'],
    ['/v4/default/admin/alarms', 'ops'],
    ['/v4/default/admin/alarms/clear', 'ops'],
    ['/v4/accounts', 'account'],
    ['/v4/accounts/alice', 'account'],
    ['/v4/accounts/batch-create', 'account'],
    ['/v4/account-locks', 'account'],
    ['/v4/account-locks/alice::10.0.0.1', 'account'],
    ['/v4/roles', 'role'],
    ['/v4/roles/dev', 'role'],
    ['/v4/unknown', ''],
  ])('%s -> %j', (path, resource) => {
    expect(resourceOf(path)).toBe(resource);
  });

  test('self-perms and one\'s own password need a token but no permission', () => {
    expect(accessOf('GET', '/v4/self-perms')).toEqual({ kind: 'token' });
    expect(accessOf('POST', '/v4/accounts/alice/password')).toEqual({ kind: 'token' });
  });

  test('other routes are checked with their resource and verb', () => {
    expect(accessOf('POST', '/v4/accounts')).toEqual({ kind: 'checked', resource: 'account', verb: 'create' });
    expect(accessOf('DELETE', '/v4/default/registry/microservices/x')).toEqual({ kind: 'checked', resource: 'service', verb: 'delete' });
  });

  test('batch find is a POST checked as get; heartbeats as update', () => {
    expect(accessOf('POST', '/v4/default/registry/instances/action')).toEqual({ kind: 'checked', resource: 'service', verb: 'get' });
    expect(accessOf('PUT', '/v4/default/registry/heartbeats')).toEqual({ kind: 'checked', resource: 'service', verb: 'update' });
  });

  test('property: any project name maps the same way', () => {
    const project = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(project, (p) =>
        resourceOf(`/v4/${p}/admin/dump`) === 'ops' &&
        resourceOf(`/v4/${p}/registry/microservices`) === 'service' &&
        resourceOf(`/v4/${p}/registry/microservices/id/schemas`) === 'service/schema' &&
        isWhiteListed(`/v4/${p}/registry/version`),
      ),
    );
  });
});
