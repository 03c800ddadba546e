import * as t from 'io-ts';
import { struct } from '../codec/optional';

/** Go encodes errorCode with `json:",string"`; accept a number too when reading peers. */
export const ErrorCodeString = new t.Type<number, string, unknown>(
  'ErrorCode',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => {
    if (typeof u === 'number' && Number.isInteger(u)) return t.success(u);
    if (typeof u === 'string' && /^\d+$/.test(u)) return t.success(Number(u));
    return t.failure(u, c);
  },
  (a) => String(a),
);

/** `{"errorCode":"400012","errorMessage":"...","detail":"..."}` */
export const ErrorBody = struct('ErrorBody', { errorCode: ErrorCodeString }, { errorMessage: t.string, detail: t.string });
export type ErrorBody = t.TypeOf<typeof ErrorBody>;
