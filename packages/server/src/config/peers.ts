/**
 * One peer server: its cluster name, the URLs of its replicas, and what overrides the
 * server-wide settings for it (the YAML list form): the account we log in with at the peer,
 * the file holding its password, and the CA bundle its certificate is verified against.
 */
export type Peer = Readonly<{
  name: string;
  urls: readonly string[];
  account?: string;
  passwordFile?: string;
  ca?: string;
  /** The other clusters this peer may relay to us; declared, no other is accepted from it. */
  relays?: readonly string[];
}>;

export type PeersParse = Readonly<{ ok: true; value: readonly Peer[] }> | Readonly<{ ok: false; reason: string }>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function checkUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL (expected e.g. http://10.12.0.2:30100)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `'${text}' must start with http:// or https://`;
  if (url.search || url.hash) return `'${text}' must not have a query or fragment`;
  return undefined;
}

/**
 * Service-Center's cluster list: `sc2=http://a:30100,http://b:30100,sc3=http://c:30100`.
 * Each `=` ends a name; the comma items after it, up to the next name, are that peer's URLs.
 */
export function parsePeers(text: string): PeersParse {
  const s = text.trim();
  if (s === '') return { ok: true, value: [] };
  const segments = s.split('=');
  if (segments.length < 2) return { ok: false, reason: "expected name=url[,url][,name2=url...], e.g. sc2=http://10.12.0.2:30100" };
  const peers: Peer[] = [];
  let name = segments[0].trim();
  for (let i = 1; i < segments.length; i++) {
    const items = segments[i].split(',').map((x) => x.trim());
    const isLast = i === segments.length - 1;
    const next = isLast ? undefined : items.pop();
    const urls = items.filter((u) => u !== '');
    if (!NAME.test(name)) return { ok: false, reason: `peer name '${name}' must be 1-64 letters, digits, _ . -` };
    if (urls.length === 0) return { ok: false, reason: `peer '${name}' has no URL` };
    for (const u of urls) {
      const bad = checkUrl(u);
      if (bad) return { ok: false, reason: `peer '${name}': ${bad}` };
    }
    if (peers.some((p) => p.name === name)) return { ok: false, reason: `peer '${name}' is listed twice` };
    peers.push({ name, urls: urls.map((u) => u.replace(/\/+$/, '')) });
    name = next ?? '';
  }
  return { ok: true, value: peers };
}

/** The canonical text of a peer list (inverse of parsePeers). */
export function peersText(peers: readonly Peer[]): string {
  return peers.map((p) => `${p.name}=${p.urls.join(',')}`).join(',');
}

const PEER_KEYS = ['name', 'endpoints', 'account', 'passwordFile', 'ca', 'relays'] as const;

function peerOfMapping(item: Readonly<Record<string, unknown>>, index: number): Readonly<{ ok: true; value: Peer }> | Readonly<{ ok: false; reason: string }> {
  const where = `item ${index + 1}`;
  const unknown = Object.keys(item).find((k) => !(PEER_KEYS as readonly string[]).includes(k));
  if (unknown) return { ok: false, reason: `${where}: unknown key '${unknown}' (known: ${PEER_KEYS.join(', ')})` };
  const text = (key: Exclude<(typeof PEER_KEYS)[number], 'relays'>): string | undefined => (typeof item[key] === 'string' ? (item[key] as string).trim() : undefined);
  const name = text('name');
  if (!name || !NAME.test(name)) return { ok: false, reason: `${where}: 'name' must be 1-64 letters, digits, _ . -` };
  const raw = item.endpoints;
  const urls = (typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [])
    .map((u) => (typeof u === 'string' ? u.trim() : ''))
    .filter((u) => u !== '');
  if (urls.length === 0) return { ok: false, reason: `peer '${name}': 'endpoints' must list at least one URL` };
  for (const u of urls) {
    const bad = checkUrl(u);
    if (bad) return { ok: false, reason: `peer '${name}': ${bad}` };
  }
  for (const key of ['account', 'passwordFile', 'ca'] as const) {
    if (item[key] !== undefined && typeof item[key] !== 'string') return { ok: false, reason: `peer '${name}': '${key}' must be a string` };
  }
  const account = text('account');
  const passwordFile = text('passwordFile');
  if ((account === undefined || account === '') !== (passwordFile === undefined || passwordFile === '')) {
    return { ok: false, reason: `peer '${name}': 'account' and 'passwordFile' go together` };
  }
  const ca = text('ca');
  const rawRelays = item.relays;
  const relays = typeof rawRelays === 'string' ? rawRelays.split(',') : rawRelays;
  if (relays !== undefined && (!Array.isArray(relays) || relays.some((r) => typeof r !== 'string' || !NAME.test(r.trim())))) {
    return { ok: false, reason: `peer '${name}': 'relays' must list cluster names (1-64 letters, digits, _ . -)` };
  }
  return {
    ok: true,
    value: {
      name,
      urls: urls.map((u) => u.replace(/\/+$/, '')),
      ...(account ? { account, passwordFile } : {}),
      ...(ca ? { ca } : {}),
      ...(relays ? { relays: (relays as string[]).map((r) => r.trim()) } : {}),
    },
  };
}

/**
 * The YAML list form: each item is either Service-Center's `name=url[,url]` text or a mapping
 * `{name, endpoints, account?, passwordFile?, ca?, relays?}` whose extras override the server-wide
 * `--peer-account`, `--peer-password-file` and `--tls-ca` for that peer; `relays` names the
 * other clusters it may relay to us.
 */
export function parsePeerList(items: readonly unknown[]): PeersParse {
  const peers: Peer[] = [];
  for (const [index, item] of items.entries()) {
    let found: readonly Peer[];
    if (typeof item === 'string') {
      const r = parsePeers(item);
      if (!r.ok) return r;
      found = r.value;
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const r = peerOfMapping(item as Record<string, unknown>, index);
      if (!r.ok) return r;
      found = [r.value];
    } else {
      return { ok: false, reason: `item ${index + 1}: must be name=url text or a mapping {name, endpoints, account, passwordFile, ca}` };
    }
    for (const p of found) {
      if (peers.some((q) => q.name === p.name)) return { ok: false, reason: `peer '${p.name}' is listed twice` };
      peers.push(p);
    }
  }
  return { ok: true, value: peers };
}
