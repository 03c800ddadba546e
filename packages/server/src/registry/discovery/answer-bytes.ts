import type * as http from 'node:http';
import accepts from 'accepts';
import type { CachedAnswer } from './find-cache';

type AnswerBytes = Readonly<{ body: Buffer; gzip: boolean }>;

/**
 * The bytes a cached find answer goes out as for this request: its gzip copy when the
 * client accepts gzip (the same negotiation Koa does) and the body is large enough,
 * else the plain body. Either way the answer varies by Accept-Encoding.
 */
export function answerBytes(answer: CachedAnswer, req: http.IncomingMessage): AnswerBytes {
  const wantsGzip = req.headers['accept-encoding'] !== undefined && accepts(req).encoding('identity', 'gzip') === 'gzip';
  const gz = wantsGzip ? answer.gzipped() : undefined;
  return gz ? { body: gz, gzip: true } : { body: answer.body, gzip: false };
}
