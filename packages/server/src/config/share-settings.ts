import * as E from 'fp-ts/Either';
import { ShareRule, ShareRules, decodeWith } from '@service-center/core';

type Parsed = Readonly<{ ok: true; value: ShareRules }> | Readonly<{ ok: false; reason: string }>;

const APP = /^[A-Za-z0-9_.:-]{1,160}$/;

/** `--export-apps a,b` / `--import-apps a,b`: whole apps, for every peer. */
export function parseShareApps(text: string): Parsed {
  const apps = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = apps.find((a) => !APP.test(a));
  if (bad) return { ok: false, reason: `'${bad}' is not an appId` };
  return { ok: true, value: [...new Set(apps)].map((appId) => ({ appId })) };
}

const RULE_KEYS = ['appId', 'environment', 'serviceName', 'peers'] as const;

/** The YAML list: appId texts, or mappings `{appId, environment?, serviceName?, peers?: [names]}`. */
export function parseShareList(items: readonly unknown[]): Parsed {
  const out: ShareRule[] = [];
  for (const [index, item] of items.entries()) {
    const where = `item ${index + 1}`;
    if (typeof item === 'string') {
      const r = parseShareApps(item);
      if (!r.ok) return { ok: false, reason: `${where}: ${r.reason}` };
      out.push(...r.value);
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, reason: `${where}: must be an appId or a mapping {${RULE_KEYS.join(', ')}}` };
    }
    const unknown = Object.keys(item).find((k) => !(RULE_KEYS as readonly string[]).includes(k));
    if (unknown) return { ok: false, reason: `${where}: unknown key '${unknown}' (known: ${RULE_KEYS.join(', ')})` };
    const decoded = decodeWith(ShareRule, item);
    if (E.isLeft(decoded)) return { ok: false, reason: `${where}: ${decoded.left.detail ?? 'not a rule'}` };
    const rule = decoded.right;
    if (!APP.test(rule.appId)) return { ok: false, reason: `${where}: 'appId' must be an appId` };
    if (rule.peers !== undefined && rule.peers.length === 0) return { ok: false, reason: `${where}: 'peers' must name at least one peer (leave it out for every peer)` };
    out.push(rule);
  }
  return { ok: true, value: out };
}
