import { parsePeerList, parsePeers, peersText } from './peers';

describe('parsePeers (Service-Center cluster list format)', () => {
  test('one peer, one URL', () => {
    expect(parsePeers('sc2=http://10.12.0.2:30100')).toEqual({ ok: true, value: [{ name: 'sc2', urls: ['http://10.12.0.2:30100'] }] });
  });

  test("several URLs are one peer's replicas; a later name starts the next peer", () => {
    expect(parsePeers('sc2=http://10.12.0.2:30100,http://10.12.0.3:30100,sc3=http://10.13.0.2:30100')).toEqual({
      ok: true,
      value: [
        { name: 'sc2', urls: ['http://10.12.0.2:30100', 'http://10.12.0.3:30100'] },
        { name: 'sc3', urls: ['http://10.13.0.2:30100'] },
      ],
    });
  });

  test('empty means no peers; spaces and trailing slashes are tolerated', () => {
    expect(parsePeers('')).toEqual({ ok: true, value: [] });
    expect(parsePeers(' sc2 = http://h:1/ , sc3=https://x:2 ')).toEqual({
      ok: true,
      value: [
        { name: 'sc2', urls: ['http://h:1'] },
        { name: 'sc3', urls: ['https://x:2'] },
      ],
    });
  });

  test.each([
    ['http://10.12.0.2:30100', /expected name=url/],
    ['sc2=', /peer 'sc2' has no URL/],
    ['sc2=notaurl', /'notaurl' is not a URL/],
    ['sc2=ftp://h:1', /must start with http/],
    ['sc2=http://a:1,sc2=http://b:1', /listed twice/],
    ['bad name=http://a:1', /peer name 'bad name'/],
    ['sc2=http://a:1?x=1', /no URL|not a URL|query/], // '=' cannot appear in URLs (SC's rule)
  ])('%j is refused', (text, reason) => {
    const r = parsePeers(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  test('peersText is the inverse of parsePeers', () => {
    const text = 'sc2=http://a:1,http://b:2,sc3=http://c:3';
    const r = parsePeers(text);
    expect(r.ok && peersText(r.value)).toBe(text);
  });
});

describe('parsePeerList: relays', () => {
  test("a peer entry's relays: a list or comma-separated text of cluster names", () => {
    expect(parsePeerList([{ name: 'sc2', endpoints: 'http://a:1', relays: ['sc4', ' sc5 '] }])).toEqual({
      ok: true,
      value: [{ name: 'sc2', urls: ['http://a:1'], relays: ['sc4', 'sc5'] }],
    });
    expect(parsePeerList([{ name: 'sc2', endpoints: 'http://a:1', relays: 'sc4,sc5' }])).toMatchObject({ ok: true, value: [{ relays: ['sc4', 'sc5'] }] });
  });

  test('a relay that is not a cluster name is refused, naming the peer', () => {
    expect(parsePeerList([{ name: 'sc2', endpoints: 'http://a:1', relays: ['bad name'] }])).toEqual({
      ok: false,
      reason: "peer 'sc2': 'relays' must list cluster names (1-64 letters, digits, _ . -)",
    });
    expect(parsePeerList([{ name: 'sc2', endpoints: 'http://a:1', relays: 7 }])).toMatchObject({ ok: false });
  });
});
