// A server replica in a process of its own, for tests that SIGKILL it: the real server with the
// test hooks of StartOptions (short leases, etcd deadlines) that the binary's flags do not offer.
// argv[2]: JSON { config: Partial<ServerConfig>, options: StartOptions without log }. Logs JSON
// lines on stdout, including the 'service-center listening' line with its URL.
import pino from 'pino';
import { DEFAULT_CONFIG, type ServerConfig } from '../config/schema';
import { startServer, type StartOptions } from '../server';

type ReplicaArgs = { config: Partial<ServerConfig>; options: Omit<StartOptions, 'log' | 'configSource' | 'rbacNow'> };

const args = JSON.parse(process.argv[2] ?? '{}') as ReplicaArgs;
// A SIGKILL leaves no chance to clean up: the test gives the data dir and removes it.
const config: ServerConfig = { ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', logLevel: 'info', ...args.config };
startServer(config, { ...args.options, log: pino({ level: config.logLevel }) }).catch((err: unknown) => {
  process.stderr.write(`replica: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
