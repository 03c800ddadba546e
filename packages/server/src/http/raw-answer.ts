import * as http from 'node:http';
import { errorBodyOf, statusOf } from '@service-center/core';
import type { ScError } from '@service-center/core';

/**
 * A whole HTTP/1.1 error answer as bytes to write on a socket that no `ServerResponse` owns
 * (a refused upgrade, a request the parser rejected): the SC error body, then the close.
 */
export function rawErrorAnswer(err: ScError, headers: Readonly<Record<string, string>> = {}): string {
  const body = JSON.stringify(errorBodyOf(err));
  const status = statusOf(err);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`
  );
}
