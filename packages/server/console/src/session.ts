/**
 * The login token, held in memory only: a reload or a new tab logs in again, and no script
 * reading storage can take it.
 */
type Listener = () => void;

let token = '';
let loginNeeded = false;
const listeners = new Set<Listener>();

function changed(): void {
  for (const l of listeners) l();
}

export function currentToken(): string {
  return token;
}

/** True once the server asked for a token (RBAC on) and we hold none that works. */
export function isLoginNeeded(): boolean {
  return loginNeeded;
}

export function signedIn(newToken: string): void {
  token = newToken;
  loginNeeded = false;
  changed();
}

/** Logout, or the server refused the token (401): back to the login page. */
export function signedOut(): void {
  token = '';
  loginNeeded = true;
  changed();
}

export function hasToken(): boolean {
  return token !== '';
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
