import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { DEFAULT_CONFIG, ServerConfig } from '../config/schema';
import { RunningServer, StartOptions, startServer } from '../server';

/** A server on a random loopback port with its own temp data dir; stop() cleans up. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: Omit<StartOptions, 'log'> = {},
): Promise<RunningServer & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sc-test-'));
  const config: ServerConfig = { ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides, dataDir };
  const server = await startServer(config, { ...options, log: pino({ level: 'silent' }) });
  // Assigned onto the server, not spread: `config` is a getter that follows reloads.
  return Object.assign(server, {
    dataDir,
    async stop() {
      await server.close();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
