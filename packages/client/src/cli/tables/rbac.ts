import type { Account, Permission, Role } from '@service-center/core';
import { renderTable, sortRows } from './table';
import { ageOf } from './time-format';

/** An RBAC account, flattened for printing (`-o json` prints these). */
export type AccountRecord = Readonly<{
  name: string;
  id: string;
  roles: readonly string[];
  status: string;
  tokenExpirationTime: string;
  createTime: string;
  updateTime: string;
}>;

/** An RBAC role with its permissions as `RESOURCES: VERBS` lines. */
export type RoleRecord = Readonly<{ name: string; id: string; perms: readonly Permission[]; createTime: string; updateTime: string }>;

export function accountRecords(accounts: readonly Account[]): AccountRecord[] {
  return accounts.map((a) => ({
    name: a.name ?? '',
    id: a.id ?? '',
    roles: a.roles ?? [],
    status: a.status ?? '',
    tokenExpirationTime: a.tokenExpirationTime ?? '',
    createTime: a.createTime ?? '',
    updateTime: a.updateTime ?? '',
  }));
}

export function roleRecords(roles: readonly Role[]): RoleRecord[] {
  return roles.map((r) => ({ name: r.name ?? '', id: r.id ?? '', perms: r.perms ?? [], createTime: r.createTime ?? '', updateTime: r.updateTime ?? '' }));
}

const age = (timestamp: string, now: number) => (timestamp === '' ? '' : ageOf([timestamp], now));

/** `NAME | ROLES | STATUS | CREATED` (roles one per line); `-o wide` adds ID, TOKEN EXPIRATION and UPDATED. */
export function accountTable(records: readonly AccountRecord[], wide: boolean, now: number): string {
  const rows = records.map((a) => {
    const base = [a.name, a.roles.join('\n'), a.status, age(a.createTime, now)];
    return wide ? [...base, a.id, a.tokenExpirationTime, age(a.updateTime, now)] : base;
  });
  const header = wide ? ['NAME', 'ROLES', 'STATUS', 'CREATED', 'ID', 'TOKEN EXPIRATION', 'UPDATED'] : ['NAME', 'ROLES', 'STATUS', 'CREATED'];
  return renderTable(header, sortRows(rows));
}

/** One permission as `service,service/schema: get,create`; labels follow the resource as `{appId=shop}`. */
export function permText(p: Permission): string {
  const resources = (p.resources ?? []).map((r) => {
    const labels = Object.entries(r.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    return `${r.type ?? ''}${labels.length > 0 ? `{${labels.join(',')}}` : ''}`;
  });
  return `${resources.join(',')}: ${(p.verbs ?? []).join(',')}`;
}

/** `NAME | PERMS | CREATED` (one permission per line); `-o wide` adds ID and UPDATED. */
export function roleTable(records: readonly RoleRecord[], wide: boolean, now: number): string {
  const rows = records.map((r) => {
    const base = [r.name, r.perms.map(permText).join('\n'), age(r.createTime, now)];
    return wide ? [...base, r.id, age(r.updateTime, now)] : base;
  });
  const header = wide ? ['NAME', 'PERMS', 'CREATED', 'ID', 'UPDATED'] : ['NAME', 'PERMS', 'CREATED'];
  return renderTable(header, sortRows(rows));
}
