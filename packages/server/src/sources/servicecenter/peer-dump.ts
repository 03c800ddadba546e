import * as E from 'fp-ts/Either';
import { DumpResponse } from '@service-center/core';
import { DumpRecords, dumpRecords } from './dump-to-source';
import { decodeJsonBody } from './json-body';

/** What the conversion of a peer's dump needs to know: whose it is and which origins to skip. */
export type DumpConversion = Readonly<{ peerName: string; skipOrigins: readonly string[] }>;

/** A peer's dump, decoded with the core codec and converted to source records. */
export type PeerDump = Readonly<{ exportScope: string | undefined; records: DumpRecords }>;

/**
 * The body of a dump answer to records: JSON, then the core codec, then the conversion.
 * A Left is the reason the answer is refused.
 */
export function decodePeerDump(body: Uint8Array, conversion: DumpConversion): E.Either<string, PeerDump> {
  const decoded = decodeJsonBody(DumpResponse, body);
  if (E.isLeft(decoded)) return decoded;
  const skip = new Set(conversion.skipOrigins);
  const records = dumpRecords(conversion.peerName, decoded.right.cache ?? {}, (origin) => origin === conversion.peerName || !skip.has(origin));
  return E.right({ exportScope: decoded.right.exportScope, records });
}
