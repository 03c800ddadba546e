import { useEffect, useState } from 'preact/hooks';

/** Where the console is served; every client-side route lives below it. */
export const BASE = '/ui/';

export type Route = Readonly<{ path: string; query: URLSearchParams }>;

const listeners = new Set<() => void>();

function current(): Route {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  return { path: path.replace(/\/+$/, ''), query: new URLSearchParams(location.search) };
}

/** Go to a console path (`services/abc`), adding a history entry unless `replace`. */
export function navigate(to: string, replace = false): void {
  const url = BASE + to.replace(/^\/+/, '');
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const l of listeners) l();
  if (!replace) window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Follow in-app links without a page load; modified clicks (new tab) keep the browser's way. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest('a');
  if (!a || a.target || a.origin !== location.origin || !a.pathname.startsWith(BASE)) return;
  e.preventDefault();
  navigate(a.pathname.slice(BASE.length) + a.search);
}

export const href = (to: string): string => BASE + to;
