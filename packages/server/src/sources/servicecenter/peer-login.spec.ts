import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { Rbac } from '@service-center/core';
import { LoginAnswer, PeerLogin } from './peer-login';

const { FIRST_REFUSAL_HOLD_MS, REFUSAL_HOLD_MS } = Rbac;

/** A JWT-shaped token expiring at `expMs` (the login never verifies it, only reads `exp`). */
function tokenExpiringAt(expMs: number, n: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS512', typ: 'JWT' })}.${part({ account: 'peer', roles: ['sync'], exp: Math.floor(expMs / 1000), n })}.sig`;
}

describe('PeerLogin: the token presented at one RBAC-enabled peer', () => {
  let dir: string;
  let file: string;
  let now: number;
  let answers: LoginAnswer[];
  let calls: { account: string; password: string }[];
  const login = async (account: string, password: string): Promise<LoginAnswer> => {
    calls.push({ account, password });
    const next = answers.shift();
    if (!next) throw new Error('unexpected login');
    return next;
  };
  const refused = (status: number, code: string): LoginAnswer => ({ kind: 'refused', status, failure: { url: 'https://sc2:30100/v4/token', reason: `HTTP ${status} ${code}` } });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-login-'));
    file = path.join(dir, 'password');
    fs.writeFileSync(file, 'Sync-Pass1!\n');
    now = 1_800_000_000_000;
    answers = [];
    calls = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const make = () => new PeerLogin({ account: 'sync-user', passwordFile: file }, () => now);

  test('logs in once with the first line of the password file, then reuses the token until 80 % of its life', async () => {
    const l = make();
    const first = tokenExpiringAt(now + 100_000, 1);
    answers.push({ kind: 'token', token: first });
    expect(await l.headers(login)).toEqual(E.right({ Authorization: `Bearer ${first}` }));
    expect(calls).toEqual([{ account: 'sync-user', password: 'Sync-Pass1!' }]);
    expect(l.state()).toBe('accepted');
    now += 79_000;
    expect(await l.headers(login)).toEqual(E.right({ Authorization: `Bearer ${first}` }));
    expect(calls).toHaveLength(1);
    now += 1_000;
    const second = tokenExpiringAt(now + 100_000, 2);
    answers.push({ kind: 'token', token: second });
    expect(await l.headers(login)).toEqual(E.right({ Authorization: `Bearer ${second}` }));
    expect(calls).toHaveLength(2);
  });

  test('concurrent calls share one login', async () => {
    const l = make();
    answers.push({ kind: 'token', token: tokenExpiringAt(now + 600_000, 1) });
    const [a, b] = await Promise.all([l.headers(login), l.headers(login)]);
    expect(a).toEqual(b);
    expect(calls).toHaveLength(1);
  });

  test('a refusal answering a login begun before a reload is not held: the next call logs in at once', async () => {
    const l = make();
    let answer: (a: LoginAnswer) => void = () => undefined;
    const slow = (account: string, password: string) => {
      calls.push({ account, password });
      return new Promise<LoginAnswer>((resolve) => (answer = resolve));
    };
    const inFlight = l.headers(slow);
    // The account is created at the peer, and the operator reloads, while the old attempt waits.
    l.reload();
    answer(refused(401, '401202 no such account yet'));
    expect(E.isLeft(await inFlight)).toBe(true);
    expect(l.state()).toBe('pending');
    const token = tokenExpiringAt(now + 600_000, 1);
    answers.push({ kind: 'token', token });
    expect(await l.headers(login)).toEqual(E.right({ Authorization: `Bearer ${token}` }));
    expect(calls).toHaveLength(2);
  });

  test('a 401 on a call (invalidate) makes the next call log in again', async () => {
    const l = make();
    answers.push({ kind: 'token', token: tokenExpiringAt(now + 600_000, 1) }, { kind: 'token', token: tokenExpiringAt(now + 600_000, 2) });
    await l.headers(login);
    l.invalidate();
    const r = await l.headers(login);
    expect(calls).toHaveLength(2);
    expect(E.isRight(r) && r.right.Authorization).toContain(tokenExpiringAt(now + 600_000, 2));
  });

  test('refused credentials are not retried in a loop: only after the hold, a changed password file, or a reload', async () => {
    const l = make();
    answers.push(refused(401, '401202 wrong password'));
    const r = await l.headers(login);
    expect(E.isLeft(r) && r.left.reason).toMatch(/login as 'sync-user' refused: HTTP 401 401202 wrong password; check the account and its password file .*password/);
    expect(l.state()).toBe('refused');
    // Polled every second by the sync loop, it stays refused without asking the peer.
    for (let i = 0; i < 59; i++) {
      now += 1_000;
      expect(E.isLeft(await l.headers(login))).toBe(true);
    }
    expect(calls).toHaveLength(1);

    // The operator fixes the file: the next call tries the new password at once.
    fs.writeFileSync(file, 'Sync-Pass2!\n');
    answers.push(refused(403, '403201 account blocked'));
    expect(E.isLeft(await l.headers(login))).toBe(true);
    expect(calls.map((c) => c.password)).toEqual(['Sync-Pass1!', 'Sync-Pass2!']);

    // SIGHUP: tried again with the same password.
    l.reload();
    answers.push({ kind: 'token', token: tokenExpiringAt(now + 600_000, 3) });
    expect(E.isRight(await l.headers(login))).toBe(true);
    expect(calls).toHaveLength(3);
  });

  test('the same password is tried again after one minute, then only every 16 minutes', async () => {
    const l = make();
    for (let i = 0; i < 4; i++) answers.push(refused(401, '401202'));
    await l.headers(login);
    now += FIRST_REFUSAL_HOLD_MS - 1;
    await l.headers(login);
    expect(calls).toHaveLength(1);
    now += 1;
    await l.headers(login);
    expect(calls).toHaveLength(2);
    for (const [step, expected] of [[REFUSAL_HOLD_MS - 1, 2], [1, 3], [REFUSAL_HOLD_MS - 1, 3], [1, 4]] as const) {
      now += step;
      await l.headers(login);
      expect(calls).toHaveLength(expected);
    }
  });

  test('a peer without RBAC (404 at /v4/token) gets no token until it answers 401', async () => {
    const l = make();
    answers.push(refused(404, ''));
    expect(await l.headers(login)).toEqual(E.right({}));
    expect(await l.headers(login)).toEqual(E.right({}));
    expect(l.state()).toBe('not-required');
    expect(calls).toHaveLength(1);
    l.invalidate();
    answers.push({ kind: 'token', token: tokenExpiringAt(now + 600_000, 1) });
    expect(E.isRight(await l.headers(login))).toBe(true);
    expect(calls).toHaveLength(2);
  });

  test('an unreadable or empty password file is a failure naming the file, and the peer is not asked', async () => {
    fs.rmSync(file);
    const missing = await make().headers(login);
    expect(E.isLeft(missing) && missing.left.reason).toMatch(/cannot read the password file .*password \(ENOENT\)/);
    fs.writeFileSync(file, '\n');
    const empty = await make().headers(login);
    expect(E.isLeft(empty) && empty.left.reason).toMatch(/is empty; write the password on its first line/);
    expect(calls).toHaveLength(0);
  });

  test('a transport failure at login is not a refusal: the next call tries again', async () => {
    const l = make();
    answers.push({ kind: 'failed', failure: { url: 'https://sc2:30100/v4/token', reason: 'ECONNREFUSED' } }, { kind: 'token', token: tokenExpiringAt(now + 600_000, 1) });
    expect(E.isLeft(await l.headers(login))).toBe(true);
    expect(l.state()).toBe('pending');
    expect(E.isRight(await l.headers(login))).toBe(true);
  });
});
