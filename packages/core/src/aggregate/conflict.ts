import type { ServiceKey } from '../keys/service-key';

/**
 * A disagreement between origin clusters, and who won. `clusters` are origin clusters
 * (never the neighbour a record came through), sorted; `winner` is one of them.
 */
type ConflictBase = Readonly<{
  /** Stable identity, e.g. to count or diff conflicts: kind plus what it is about. */
  id: string;
  key: ServiceKey;
  clusters: readonly string[];
  winner: string;
  reason: string;
}>;

export type ServiceIdConflict = ConflictBase &
  Readonly<{ kind: 'service-id'; serviceIds: readonly string[]; winnerServiceId: string }>;

export type DefinitionConflict = ConflictBase &
  Readonly<{ kind: 'definition'; serviceId: string; fields: readonly string[] }>;

/** `key` is the alias key: the alias in place of the service name. */
export type AliasConflict = ConflictBase &
  Readonly<{ kind: 'alias'; services: readonly string[]; winnerService: string }>;

export type InstanceConflict = ConflictBase &
  Readonly<{ kind: 'instance'; serviceId: string; instanceId: string; fields: readonly string[] }>;

export type Conflict = ServiceIdConflict | DefinitionConflict | AliasConflict | InstanceConflict;
export type ConflictKind = Conflict['kind'];

/** Order of conflict lists: by id, which starts with the kind. */
export function compareConflicts(a: Conflict, b: Conflict): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
