import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { Tenant } from '@service-center/core';
import type { RegistryDeps } from './deps';
import { heartbeat } from './instances/lifecycle';
import { Metrics, recordRequest } from '../telemetry/metrics';
import type { FindAnswers } from './discovery/find-answers';
import { findCacheKey, findInputsOf, findPolicyOf } from './discovery/find-request';
import { answerBytes } from './discovery/answer-bytes';
import { queryTrue, tenantFrom } from '../http/request-context';

export type FastPathDeps = Readonly<{
  deps: RegistryDeps;
  findAnswers: FindAnswers;
  metrics: Metrics;
}>;

const FIND = /^\/v4\/([^/]+)\/registry\/instances$/;
const HEARTBEAT = /^\/v4\/([^/]+)\/registry\/microservices\/([^/]+)\/instances\/([^/]+)\/heartbeat$/;

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** The request's tenant, or undefined when the app must refuse it. */
function tenantOf(req: http.IncomingMessage, projectText: string): Tenant | undefined {
  const project = decode(projectText);
  const t = project === undefined ? undefined : tenantFrom(header(req, 'x-domain-name'), project);
  return typeof t === 'object' ? t : undefined;
}

/**
 * The two hottest requests answered before Koa when that is safe: a find whose answer is
 * cached for the current data, and a heartbeat that succeeds. Everything else, including
 * every error, goes through the app, which gives the same answer (the route shares the
 * cache and the heartbeat function); this only skips the framework's per-request cost.
 * Answers carry the same headers as the app's.
 */
export function fastPath(d: FastPathDeps): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean> {
  const count = (req: http.IncomingMessage, startNs: bigint, route: string, status: number) =>
    recordRequest(d.metrics, { method: req.method ?? '', route, status, domainHeader: header(req, 'x-domain-name'), startNs });
  const policy = findPolicyOf(d.deps.config);

  return async (req, res) => {
    const startNs = process.hrtime.bigint();
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (req.method === 'GET') {
      const m = FIND.exec(path);
      if (!m) return false;
      const tenant = tenantOf(req, m[1]);
      if (!tenant) return false;
      const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      const query = (n: string) => params.get(n) ?? '';
      const isTrue = (n: string) => queryTrue(query(n));
      const global = isTrue('global');
      const key = findCacheKey(findInputsOf(tenant, query, (h) => header(req, h)), global, policy);
      const answer = d.findAnswers.get(key, global);
      if (!answer) return false;
      const clientRev = isTrue('noCache') || isTrue('cacheOnly') ? '' : query('rev');
      const headers: http.OutgoingHttpHeaders = {
        'X-Request-Id': randomUUID(),
        'X-Resource-Revision': answer.revision,
        Vary: 'Accept-Encoding',
      };
      if (answer.revision !== '' && clientRev === answer.revision) {
        res.writeHead(304, headers).end();
        count(req, startNs, '/v4/:project/registry/instances', 304);
        return true;
      }
      const out = answerBytes(answer, req);
      headers['Content-Type'] = 'application/json; charset=utf-8';
      if (out.gzip) headers['Content-Encoding'] = 'gzip';
      headers['Content-Length'] = out.body.length;
      res.writeHead(200, headers).end(out.body);
      count(req, startNs, '/v4/:project/registry/instances', 200);
      return true;
    }
    if (req.method === 'PUT') {
      const m = HEARTBEAT.exec(path);
      if (!m) return false;
      const tenant = tenantOf(req, m[1]);
      const serviceId = decode(m[2]);
      const instanceId = decode(m[3]);
      if (!tenant || serviceId === undefined || instanceId === undefined) return false;
      const r = await heartbeat(d.deps, tenant, serviceId, instanceId);
      if (E.isLeft(r)) return false; // the app answers the error (and renews nothing twice: it failed)
      res.writeHead(200, { 'X-Request-Id': randomUUID(), 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 0 }).end();
      count(req, startNs, '/v4/:project/registry/microservices/:serviceId/instances/:instanceId/heartbeat', 200);
      return true;
    }
    return false;
  };
}
