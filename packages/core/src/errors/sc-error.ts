import { SC_MESSAGES, ScCode, httpStatusOf } from './codes';

/** An expected failure as frozen data; core returns these, it never throws them. */
export type ScError = Readonly<{ kind: 'sc-error'; code: ScCode; message: string; detail?: string }>;

export function scError(code: ScCode, detail?: string): ScError {
  const err: ScError = detail === undefined || detail === ''
    ? { kind: 'sc-error', code, message: SC_MESSAGES[code] }
    : { kind: 'sc-error', code, message: SC_MESSAGES[code], detail };
  return Object.freeze(err);
}

export function isScError(u: unknown): u is ScError {
  return typeof u === 'object' && u !== null && (u as { kind?: unknown }).kind === 'sc-error';
}

/** The JSON body Service-Center sends for an error: errorCode is a string. */
export type ScErrorBodyJson = { errorCode: string; errorMessage: string; detail?: string };

export function errorBodyOf(err: ScError): ScErrorBodyJson {
  const body: ScErrorBodyJson = { errorCode: String(err.code), errorMessage: err.message };
  if (err.detail) body.detail = err.detail;
  return body;
}

export function statusOf(err: ScError): number {
  return httpStatusOf(err.code);
}
