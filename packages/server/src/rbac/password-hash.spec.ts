import { hashPassword, samePassword } from './password-hash';

describe('password hashes', () => {
  test('salted: one password gives two different hashes, both of which match it', async () => {
    const a = await hashPassword('Secret_Pass1');
    const b = await hashPassword('Secret_Pass1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await samePassword(a, 'Secret_Pass1')).toBe(true);
    expect(await samePassword(b, 'Secret_Pass1')).toBe(true);
    expect(await samePassword(a, 'Secret_Pass2')).toBe(false);
  });

  test('anything that is not one of our hashes matches nothing', async () => {
    expect(await samePassword(undefined, '')).toBe(false);
    expect(await samePassword('Secret_Pass1', 'Secret_Pass1')).toBe(false);
    expect(await samePassword('scrypt$1$2$3', 'x')).toBe(false);
  });
});
