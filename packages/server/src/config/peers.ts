/** One peer server: its cluster name and the URLs of its replicas. */
export type Peer = Readonly<{ name: string; urls: readonly string[] }>;

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
