import pino, { Logger } from 'pino';
import type { LogLevel } from '../config/schema';

/** Structured logs to stdout (pino); one logger per server, children per component. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { app: 'service-center' } }, destination ?? process.stdout);
}
