import { TokenResponse } from '@service-center/core';
import { useState } from 'preact/hooks';
import { postJson } from '../api';
import { signedIn } from '../session';
import { Problem } from '../components/ui';

/** RBAC login: the token lives in memory only, so a reload asks again. */
export function LoginPage() {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await postJson('/v4/token', { name, password }, TokenResponse);
      if (!r?.token) throw new Error('the server gave no token');
      setPassword('');
      signedIn(r.token);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" onSubmit={(e) => void submit(e)} aria-labelledby="login-h">
      <h1 id="login-h">Sign in</h1>
      <p class="muted">This server has RBAC on: sign in with a Service-Center account.</p>
      <label>
        Account
        <input name="name" autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Sign in
      </button>
      <Problem error={error} />
    </form>
  );
}
