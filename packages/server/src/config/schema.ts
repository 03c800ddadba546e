import * as t from 'io-ts';

export const REGISTRY_KINDS = ['buildin', 'etcd'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's settled configuration, after file < environment < flags. */
export type ServerConfig = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  clusterName: string;
  registry: RegistryKind;
  logLevel: LogLevel;
}>;

export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  host: '127.0.0.1',
  port: 30100,
  dataDir: './data',
  clusterName: 'default',
  registry: 'buildin',
  logLevel: 'info',
});

/** One setting: its config-file key, flag, environment variable and how to read a text. */
export type Setting = Readonly<{
  key: keyof ServerConfig;
  flag: string;
  env: readonly string[];
  describe: string;
  parse: (text: string) => { ok: true; value: ServerConfig[keyof ServerConfig] } | { ok: false; reason: string };
}>;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (text: string) =>
    (values as readonly string[]).includes(text)
      ? ({ ok: true, value: text as T } as const)
      : ({ ok: false, reason: `must be one of ${values.join(', ')}` } as const);

const nonEmpty = (text: string) =>
  text.trim() !== '' ? ({ ok: true, value: text.trim() } as const) : ({ ok: false, reason: 'must not be empty' } as const);

const port = (text: string) => {
  const n = Number(text);
  return /^\d+$/.test(String(text).trim()) && n >= 0 && n <= 65535
    ? ({ ok: true, value: n } as const)
    : ({ ok: false, reason: 'must be a port number 0..65535' } as const);
};

const clusterName = (text: string) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(text)
    ? ({ ok: true, value: text } as const)
    : ({ ok: false, reason: 'must be 1-64 letters, digits, _ . - (no , or =)' } as const);

export const SETTINGS: readonly Setting[] = [
  { key: 'host', flag: 'host', env: ['SC_HOST'], describe: 'address to listen on', parse: nonEmpty },
  { key: 'port', flag: 'port', env: ['SC_PORT'], describe: 'port to listen on (0 = any free port)', parse: port },
  { key: 'dataDir', flag: 'data-dir', env: ['SC_DATA_DIR'], describe: 'directory of the embedded store', parse: nonEmpty },
  {
    key: 'clusterName',
    flag: 'cluster-name',
    env: ['SC_CLUSTER_NAME', 'REGISTRY_ETCD_CLUSTER_NAME'],
    describe: "this server's cluster name; peers must use the same name for it",
    parse: clusterName,
  },
  { key: 'registry', flag: 'registry', env: ['SC_REGISTRY', 'REGISTRY_KIND'], describe: 'store: buildin (embedded) or etcd', parse: oneOf(REGISTRY_KINDS) },
  { key: 'logLevel', flag: 'log-level', env: ['SC_LOG_LEVEL'], describe: 'log level', parse: oneOf(LOG_LEVELS) },
];

/** Config-file shape: every key optional; unknown keys are reported by load.ts. */
export const ConfigFile = t.record(t.string, t.unknown, 'ConfigFile');
