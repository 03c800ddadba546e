import * as os from 'node:os';

/** Our own release, reported next to the v4 apiVersion. */
export const SERVER_VERSION = '0.1.0';

export type VersionBody = Readonly<{
  version: string;
  buildTag: string;
  runtime: string;
  os: string;
  arch: string;
  apiVersion: string;
}>;

export function versionBody(apiVersion: '4.0.0' | '3.0.0'): VersionBody {
  return {
    version: SERVER_VERSION,
    buildTag: `service-center-ts/${SERVER_VERSION}`,
    runtime: `node${process.versions.node}`,
    os: os.platform(),
    arch: os.arch(),
    apiVersion,
  };
}
