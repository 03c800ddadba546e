import * as os from 'node:os';
import { Command } from 'commander';
import type { VersionResponse } from '@service-center/core';
import { Run } from '../context';

export const SCCTL_VERSION = '0.1.0';

/** scctl's own version block. */
export function toolVersion(): VersionResponse {
  return {
    version: SCCTL_VERSION,
    buildTag: `service-center-ts/${SCCTL_VERSION}`,
    runtime: `node${process.versions.node}`,
    os: os.platform(),
    arch: os.arch(),
  };
}

/** Service-Center's version.Set.Print, with `Runtime:` where a server reports Node instead of Go. */
export function versionText(v: VersionResponse): string {
  const runtime = v.runtime !== undefined ? `Runtime: ${v.runtime}` : `Go version: ${v.goVersion ?? ''}`;
  return `Version: ${v.version ?? ''}\nBuild tag: ${v.buildTag ?? ''}\n${runtime}\nOS/Arch: ${v.os ?? ''}/${v.arch ?? ''}\n`;
}

/** `scctl version`: scctl's version, then the server's (`GET /version`). */
export function versionCommand(run: Run): Command {
  return new Command('version')
    .alias('ver')
    .description('Output the version of tool and service center')
    .action(
      run<Record<string, never>>(async (_opts, api, io) => {
        io.stdout(`scctl ${versionText(toolVersion())}`);
        const server = await api.version();
        io.stdout(`\nservice center ${versionText(server)}`);
      }),
    );
}
