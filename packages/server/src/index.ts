// @service-center/server: the registry server as a library (tests, e2e) and its binary (main.ts).
export { startServer } from './server';
export type { RunningServer, StartOptions } from './server';
export { loadConfig, ConfigError, helpText } from './config/load';
export type { LoadResult } from './config/load';
export { DEFAULT_CONFIG, SETTINGS, REGISTRY_KINDS, LOG_LEVELS } from './config/schema';
export type { ServerConfig, RegistryKind, LogLevel } from './config/schema';
export { SERVER_VERSION } from './registry/admin/version';
