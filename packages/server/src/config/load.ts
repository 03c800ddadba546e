import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import YAML from 'yaml';
import { DEFAULT_CONFIG, SETTINGS, ServerConfig, Setting } from './schema';

/** A configuration problem a user must fix; the message names the bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type LoadResult = Readonly<{ config: ServerConfig; configFile?: string; warnings: readonly string[] }>;

function apply(config: Record<string, unknown>, s: Setting, raw: unknown, where: string): void {
  if (isMapping(raw) && s.parseMap) {
    const entries = Object.entries(raw).map(([k, v]) => [k, scalarText(v, `${where}: key '${k}'`)] as const);
    const r = s.parseMap(entries);
    if (!r.ok) throw new ConfigError(`${where}: ${r.reason}`);
    config[s.key] = r.value;
    return;
  }
  // YAML may give a list for list settings (clusters, aggregate): join it into the flag form.
  const joined = Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? raw.join(',') : raw;
  const text = scalarText(joined, where);
  const r = s.parse(text);
  if (!r.ok) throw new ConfigError(`${where}: invalid value '${text}': ${r.reason}`);
  config[s.key] = r.value;
}

function scalarText(raw: unknown, where: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new ConfigError(`${where}: must be a string or number`);
}

function isMapping(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** The config-file spelling of a setting: `section.key` when nested. */
function fileKey(s: Setting): string {
  return s.file ?? s.key;
}

function fileKeyOf(key: string): Setting | undefined {
  // Accept camelCase (dataDir) and the flag spelling (data-dir) alike.
  return SETTINGS.find((s) => fileKey(s) === key || s.key === key || s.flag === key);
}

/** Settings nested under a section (`datacenter: {name: …}`). */
function sectionOf(key: string): Setting[] {
  return SETTINGS.filter((s) => s.file?.startsWith(`${key}.`));
}

function readConfigFile(file: string, config: Record<string, unknown>): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`--config ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`--config ${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`--config ${file}: must be a YAML mapping of settings`);
  const unknown = (key: string) => {
    const known = SETTINGS.map(fileKey).join(', ');
    return new ConfigError(`config file ${file}: unknown key '${key}' (known keys: ${known})`);
  };
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    // A mapping under a section's name is the section (`rbac: {enable: …}`), not the flag `rbac`.
    const s = isMapping(value) && sectionOf(key).length > 0 ? undefined : fileKeyOf(key);
    if (s) {
      apply(config, s, value, `config file ${file}: key '${key}'`);
      continue;
    }
    const section = sectionOf(key);
    if (section.length === 0) throw unknown(key);
    if (!isMapping(value)) throw new ConfigError(`config file ${file}: key '${key}': must be a mapping of ${section.map(fileKey).join(', ')}`);
    for (const [sub, subValue] of Object.entries(value)) {
      const nested = section.find((x) => x.file === `${key}.${sub}`);
      if (!nested) throw unknown(`${key}.${sub}`);
      apply(config, nested, subValue, `config file ${file}: key '${key}.${sub}'`);
    }
  }
}

function defaultText(value: unknown): string {
  if (isMapping(value)) {
    const text = Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(',');
    return text === '' ? 'none' : text;
  }
  return String(value);
}

function buildProgram(): Command {
  const program = new Command('service-center')
    .description('A Service-Center (v4 API) compatible, cross-cluster service registry')
    .option('--config <file>', 'YAML config file (flags and environment override it)')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });
  for (const s of SETTINGS) {
    program.option(`--${s.flag} <value>`, `${s.describe} (env ${s.env[0]}, default ${defaultText(DEFAULT_CONFIG[s.key])})`);
  }
  return program;
}

/**
 * Settle the configuration: defaults < config file < environment < flags.
 * Throws ConfigError (one line naming the bad key) or CommanderError for help/version.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): LoadResult {
  const program = buildProgram();
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') throw err;
      throw new ConfigError(err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim());
    }
    throw err;
  }
  const flags = program.opts<Record<string, string | undefined>>();
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const configFile = flags.config ?? env.SC_CONFIG;
  if (configFile) readConfigFile(configFile, config);
  for (const s of SETTINGS) {
    const name = s.env.find((e) => env[e] !== undefined && env[e] !== '');
    if (name) apply(config, s, env[name], `environment variable ${name}`);
  }
  if (env.SSL_ROOT) applySslRoot(config, env.SSL_ROOT);
  // Environment only, as Service-Center: a password never goes on a command line or in a file.
  if (env.SC_INIT_ROOT_PASSWORD) config.rbacInitRootPassword = env.SC_INIT_ROOT_PASSWORD;
  for (const s of SETTINGS) {
    const v = flags[camel(s.flag)];
    if (v !== undefined) apply(config, s, v, `--${s.flag}`);
  }
  const settled = Object.freeze(config) as ServerConfig;
  return { config: settled, configFile, warnings: crossCheck(settled) };
}

/** Service-Center's layout: `$SSL_ROOT/{trust.cer,server.cer,server_key.pem}`, below flags and TLS env. */
function applySslRoot(config: Record<string, unknown>, dir: string): void {
  const files = { tlsCa: 'trust.cer', tlsCert: 'server.cer', tlsKey: 'server_key.pem' } as const;
  for (const [key, name] of Object.entries(files)) {
    if (config[key] === '') config[key] = path.join(dir, name);
  }
}

/** Rules across settings: errors stop the server, warnings are logged at startup. */
function crossCheck(c: ServerConfig): string[] {
  const own = c.clusters.find((p) => p.name === c.clusterName);
  if (own) {
    throw new ConfigError(
      `--clusters: peer '${own.name}' has this server's own name (--cluster-name ${c.clusterName}); ` +
        'give every server a distinct --cluster-name and list only the others as peers',
    );
  }
  if (c.dropAfter < c.demoteAfter) {
    throw new ConfigError(`--drop-after: ${c.dropAfter} must not be less than --demote-after ${c.demoteAfter}`);
  }
  const datacenter = { 'datacenter-name': c.datacenterName, 'datacenter-region': c.datacenterRegion, 'datacenter-zone': c.datacenterZone };
  const unset = Object.entries(datacenter).filter(([, v]) => v === '');
  if (unset.length > 0 && unset.length < 3) {
    throw new ConfigError(
      `--${unset[0][0]}: not set, but the other datacenter settings are; the instance's dataCenterInfo needs ` +
        'all three of --datacenter-name, --datacenter-region and --datacenter-zone (or none)',
    );
  }
  if ((c.tlsCert === '') !== (c.tlsKey === '')) {
    throw new ConfigError(`--${c.tlsCert === '' ? 'tls-cert' : 'tls-key'}: not set, but --${c.tlsCert === '' ? 'tls-key' : 'tls-cert'} is; HTTPS needs both (or neither)`);
  }
  if (c.tlsVerifyClient && (c.tlsCert === '' || c.tlsCa === '')) {
    throw new ConfigError('--tls-verify-client: needs --tls-cert, --tls-key and --tls-ca (the CA that signs client certificates)');
  }
  if ((c.rbacPrivateKeyFile === '') !== (c.rbacPublicKeyFile === '')) {
    throw new ConfigError(
      `--${c.rbacPrivateKeyFile === '' ? 'rbac-private-key' : 'rbac-public-key'}: not set, but the other RBAC key is; ` +
        'give both files of one RSA pair (or neither, for a pair kept in the data directory)',
    );
  }
  const warnings: string[] = [];
  if (c.clusters.length > 0 && c.clusterName === 'default') {
    warnings.push(
      "this server has peers but its --cluster-name is still 'default'; peers relabel 'default' items with their " +
        'own name for it, so set --cluster-name to the name the peers use for this server',
    );
  }
  if (c.clusters.length > 0 && !c.aggregate.includes('servicecenter')) {
    warnings.push("peers are configured but --aggregate does not include 'servicecenter': they will not be synced");
  }
  return warnings;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function helpText(): string {
  return buildProgram().helpInformation();
}
