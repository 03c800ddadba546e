import { render } from 'preact';
import * as E from 'fp-ts/Either';
import { App } from './app';
import { Settings } from './wire';
import { BASE } from './router';
import './styles.css';

/** Settings first (is RBAC on?), so that no API call is made only to learn that a token is needed. */
async function start(root: HTMLElement): Promise<void> {
  try {
    const res = await fetch(`${BASE}settings.json`, { cache: 'no-store' });
    const decoded = Settings.decode(await res.json());
    if (E.isLeft(decoded)) throw new Error('unexpected settings.json');
    render(<App settings={decoded.right} />, root);
  } catch (err) {
    root.textContent = `The console could not start: ${err instanceof Error ? err.message : String(err)}. Reload to try again.`;
  }
}

const root = document.getElementById('app');
if (root) void start(root);
