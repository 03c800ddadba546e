import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { ScCodes, compareVersions, type Schema } from '@service-center/core';
import type { RegistryApi } from '../../api/registry-api';
import { hasScCode } from '../../errors';
import { ListOptions, Run, json, withListOptions } from '../context';
import { DumpService, dumpServices, inDomain } from '../tables/dump-records';

type SchemaOptions = ListOptions & Readonly<{ app?: string; name?: string; version?: string; saveDir?: string }>;

/** `schemas/[{domain}/][{project}/][{env}/]{app}/{name}.v{version}` under the save dir ("default" tenant parts left out). */
export function schemaDirectory(root: string, s: DumpService): string {
  const domain = s.tenant.domain === 'default' ? '' : s.tenant.domain;
  const project = s.tenant.project === 'default' ? '' : s.tenant.project;
  const v = s.service;
  return path.join(root, 'schemas', domain, project, v.environment ?? '', v.appId ?? '', `${v.serviceName ?? ''}.v${v.version ?? ''}`);
}

/** Services in a stable order: tenant, env, app, name (then version). */
function sortKey(s: DumpService): string {
  const v = s.service;
  return [s.tenant.domain, s.tenant.project, v.environment ?? '', v.appId ?? '', v.serviceName ?? ''].join('\u0000');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The service's schemas: from the answering server's own registry first, then from the
 * merged view (`global=true`: a service of another cluster, asked live from its cluster).
 * A service neither finds (deleted meanwhile, a conflict loser) has nothing to print.
 */
async function schemasOf(api: RegistryApi, s: DumpService): Promise<readonly Schema[]> {
  for (const global of [false, true]) {
    try {
      return await api.schemas(s.service.serviceId, s.tenant, global);
    } catch (err) {
      if (!hasScCode(err, ScCodes.ServiceNotExists)) throw err;
    }
  }
  return [];
}

function progressLine(done: number, total: number, elapsedMs: number): string {
  const width = 60;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const pct = total === 0 ? 100 : (done / total) * 100;
  return `${String(done).padStart(String(total).length + 1)} / ${total} [${'='.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.toFixed(2)}% ${Math.round(elapsedMs / 1000)}s\n`;
}

/**
 * `scctl get schema`: the schemas of the dump's services (filtered by `--app`, `--name`,
 * `--version` and the domain), read with `GET …/schemas?withSchema=1`. Printed raw, or saved
 * as `{schemaId}.yaml` files under `--save-dir`.
 */
export function schemaCommand(run: Run): Command {
  return withListOptions(new Command('schema'))
    .alias('schemas')
    .description('Output the microservice schema information of the service center')
    .option('--app <appId>', 'the application name of microservice')
    .option('--name <serviceName>', 'the name of microservice')
    .option('--version <version>', 'the semantic version of microservice')
    .option('-s, --save-dir <dir>', 'the directory to save the schemas data')
    .action(
      run<SchemaOptions>(async (opts, api, io) => {
        const started = io.now();
        const all = dumpServices(await api.dump());
        const seen = new Set<string>();
        const picked = all.filter((s) => {
          const id = `${s.tenant.domain}/${s.tenant.project}/${s.service.serviceId}`;
          if (seen.has(id)) return false; // the same service from several clusters
          seen.add(id);
          const v = s.service;
          return (
            inDomain(s.tenant, { allDomains: opts.allDomains === true, domain: opts.domain }) &&
            (!opts.app || v.appId === opts.app) &&
            (!opts.name || v.serviceName === opts.name) &&
            (!opts.version || v.version === opts.version)
          );
        });
        picked.sort((a, b) => compareText(sortKey(a), sortKey(b)) || compareVersions(a.service.version ?? '', b.service.version ?? ''));
        const found: { service: DumpService; schemas: readonly Schema[] }[] = [];
        for (const s of picked) {
          const schemas = await schemasOf(api, s);
          if (schemas.length > 0) found.push({ service: s, schemas });
        }
        if (opts.output === 'json') {
          io.stdout(
            json(
              found.flatMap(({ service: s, schemas }) =>
                schemas.map((x) => ({
                  domain: s.tenant.domain,
                  project: s.tenant.project,
                  environment: s.service.environment ?? '',
                  appId: s.service.appId ?? '',
                  serviceName: s.service.serviceName ?? '',
                  version: s.service.version ?? '',
                  serviceId: s.service.serviceId,
                  schemaId: x.schemaId ?? '',
                  summary: x.summary ?? '',
                  schema: x.schema ?? '',
                })),
              ),
            ),
          );
          return;
        }
        if (!opts.saveDir) {
          for (const { schemas } of found) for (const x of schemas) io.stdout(x.schema ?? '');
          return;
        }
        for (const { service, schemas } of found) {
          const dir = schemaDirectory(opts.saveDir, service);
          fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
          for (const x of schemas) fs.writeFileSync(path.join(dir, `${x.schemaId ?? 'schema'}.yaml`), x.schema ?? '', { mode: 0o640 });
        }
        io.stdout(progressLine(found.length, found.length, io.now() - started));
        io.stdout('Finished.\n');
      }),
    );
}
