// Service-Center's password rule (cari rbac/account.go Check, SC pkg/validate PasswordChecker).
import fc from 'fast-check';
import { isStrongPassword, passwordProblem } from './password';

describe('passwordProblem', () => {
  test.each([
    ['Abcdef1!', true],
    ['abcdef1!', false], // no upper
    ['ABCDEF1!', false], // no lower
    ['Abcdefg!', false], // no digit
    ['Abcdefg1', false], // no special
    ['Ab1!', false], // too short
    ['Ab1!' + 'a'.repeat(28), true], // 32 bytes
    ['Ab1!' + 'a'.repeat(29), false], // 33 bytes
    ['Ab1!aaa€', true], // € is a symbol, 3 bytes: 10 bytes in all
  ])('%j strong: %s', (pwd, ok) => {
    expect(isStrongPassword(pwd)).toBe(ok);
  });

  test('a password equal to the name, or to the name reversed, is refused', () => {
    expect(passwordProblem('Abcdef1!', 'Abcdef1!')).toBe('account name and password MUST NOT be same');
    expect(passwordProblem('!1fedcbA', 'Abcdef1!')).toBe('password MUST NOT be the reversed account name');
    expect(passwordProblem('alice', 'Abcdef1!')).toBeUndefined();
  });

  test('a weak password gets a message that says what a good one has', () => {
    expect(passwordProblem('alice', 'short')).toMatch(/8 to 32 characters .* upper-case .* lower-case .* digit .* special/);
  });

  test('property: every password with all four classes and 8-32 ASCII characters passes', () => {
    const cls = (chars: string) => fc.constantFrom(...chars.split(''));
    const arb = fc
      .tuple(
        cls('ABCXYZ'),
        cls('abcxyz'),
        cls('0123456789'),
        cls('!@#$%^&*()-_+=[]'),
        fc.array(cls('ABCabc0123!#'), { minLength: 4, maxLength: 28 }),
      )
      .map(([u, l, d, s, rest]) => [u, l, d, s, ...rest].join(''));
    fc.assert(fc.property(arb, (pwd) => isStrongPassword(pwd)));
  });

  test('property: removing every digit makes any password weak', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => !isStrongPassword(s.replace(/\p{N}/gu, ''))));
  });
});
