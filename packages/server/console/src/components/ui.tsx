import type { ComponentChildren } from 'preact';
import { useLiveState } from '../live';

export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

/** "12 s ago", "3 min ago"; an empty or zero time is "never". */
export function ago(at: string | number | undefined, now = Date.now()): string {
  const ms = typeof at === 'number' ? at : at ? Date.parse(at) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** Says loudly that the server does not answer and that what is shown may be old. */
export function UnreachableBanner() {
  const live = useLiveState();
  if (live.reachable) return null;
  return (
    <div class="banner" role="alert" data-testid="unreachable">
      <strong>Server unreachable</strong> since {clock(live.downSince)}: the data below may be out of date. Retrying… <span class="muted">({live.reason})</span>
    </div>
  );
}

export function Badge(props: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge ${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

export function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'muted' {
  const s = status.toLowerCase();
  if (s === 'up' || s === 'fresh' || s === 'ok') return 'ok';
  if (s === 'stale' || s === 'starting' || s === 'testing' || s === 'outofservice') return 'warn';
  if (s === 'down' || s === 'unreachable' || s === 'demoted' || s === 'dropped') return 'bad';
  return 'muted';
}

export function Problem(props: { error: string }) {
  if (props.error === '') return null;
  return (
    <p class="problem" role="status">
      {props.error}
    </p>
  );
}

/** Page buttons for long lists: the list renders one page of rows, never all 1,000. */
export function Pager(props: { page: number; pages: number; total: number; onPage(p: number): void }) {
  if (props.pages <= 1) return <p class="muted">{props.total} shown</p>;
  return (
    <nav class="pager" aria-label="pages">
      <button type="button" onClick={() => props.onPage(props.page - 1)} disabled={props.page <= 1}>
        ‹ Previous
      </button>
      <span>
        page {props.page} of {props.pages} ({props.total})
      </span>
      <button type="button" onClick={() => props.onPage(props.page + 1)} disabled={props.page >= props.pages}>
        Next ›
      </button>
    </nav>
  );
}

export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}
