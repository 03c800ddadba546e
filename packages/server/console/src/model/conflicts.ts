import { ConflictItem, ConflictsResponse } from '@service-center/core';
import { ApiError, V4, getJson } from '../api';
import { useLive } from '../live';

/** Conflicts do not move the merged view (the winner stays): their marks poll on their own. */
const MARKS_EVERY_MS = 1500;

type ServiceIdentity = Readonly<{ serviceId: string; environment: string; appId: string; serviceName: string; version: string }>;

export async function loadConflicts(signal: AbortSignal): Promise<readonly ConflictItem[]> {
  return (await getJson(`${V4}/admin/conflicts`, ConflictsResponse, signal)).conflicts ?? [];
}

/** An account without the admin read sees services without conflict marks. */
async function marksIfAllowed(signal: AbortSignal): Promise<readonly ConflictItem[]> {
  try {
    return await loadConflicts(signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return [];
    throw err;
  }
}

/** The current conflicts, for marks on other pages. */
export function useConflictMarks(): readonly ConflictItem[] {
  return useLive(marksIfAllowed, 'conflict-marks', MARKS_EVERY_MS).data ?? [];
}

/** The conflicts that concern a service: by id, or by its identity key. */
export function conflictsOf(all: readonly ConflictItem[], s: ServiceIdentity): readonly ConflictItem[] {
  return all.filter((c) => {
    if (c.serviceId === s.serviceId || c.serviceIds?.includes(s.serviceId) || c.winnerServiceId === s.serviceId) return true;
    const k = c.key;
    if (k === undefined) return false;
    return (k.environment ?? '') === s.environment && k.appId === s.appId && k.serviceName === s.serviceName && (k.version === undefined || k.version === s.version);
  });
}
