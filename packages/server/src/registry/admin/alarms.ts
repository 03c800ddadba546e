/** Alarm ids SC defines (server/alarm/model/types.go), and ours in the same shape. */
export const AlarmIds = {
  BackendConnectionRefuse: 'BackendConnectionRefuse',
  InternalError: 'InternalError',
  IncrementPullError: 'IncrementPullError',
  WebsocketOfScSyncerLost: 'WebsocketOfScSyncerLost',
  /** A source's mass withdrawal is held back (quarantine) until confirmed or released. */
  SourceQuarantined: 'SourceQuarantined',
} as const;
export type AlarmId = (typeof AlarmIds)[keyof typeof AlarmIds] | (string & {});

export type Alarm = Readonly<{
  status: 'ACTIVATED' | 'CLEARED';
  id: AlarmId;
  fields: Readonly<Record<string, string>>;
}>;

/**
 * SC's alarm list: an alarm is raised (ACTIVATED) and later cleared (CLEARED, still listed)
 * by id; `DELETE /admin/alarms` forgets them all. Peers raise BackendConnectionRefuse, which
 * makes `/registry/health` answer 400002 while it is active.
 */
export class AlarmRegistry {
  private readonly alarms = new Map<string, Alarm>();

  raise(id: AlarmId, detail: string, fields: Readonly<Record<string, string>> = {}): void {
    this.alarms.set(id, { status: 'ACTIVATED', id, fields: { ...fields, detail } });
  }

  clear(id: AlarmId): void {
    const a = this.alarms.get(id);
    if (a && a.status === 'ACTIVATED') this.alarms.set(id, { ...a, status: 'CLEARED' });
  }

  clearAll(): void {
    this.alarms.clear();
  }

  list(): Alarm[] {
    return [...this.alarms.values()];
  }

  /** The active alarm with this id, if any. */
  active(id: AlarmId): Alarm | undefined {
    const a = this.alarms.get(id);
    return a?.status === 'ACTIVATED' ? a : undefined;
  }
}
