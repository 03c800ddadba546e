import type { DumpRecords } from './dump-to-source';
import type { DumpConversion } from './peer-dump';

/** What a dump worker starts with: the answer's bytes (transferred, not copied). */
export type WorkerInput = Readonly<{ body: ArrayBuffer; offset: number; length: number; conversion: DumpConversion; slice: number }>;

export type DumpPart = keyof DumpRecords;

export type ToWorker = Readonly<{ kind: 'next' }>;

export type FromWorker =
  | Readonly<{ kind: 'decoded'; exportScope: string | undefined }>
  | Readonly<{ kind: 'failed'; reason: string }>
  | Readonly<{ kind: 'slice'; part: DumpPart; items: DumpRecords[DumpPart] }>
  | Readonly<{ kind: 'end' }>;
