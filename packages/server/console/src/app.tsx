import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from './wire';
import { hasToken, isLoginNeeded, onSessionChange, signedOut } from './session';
import { followChanges } from './watch';
import { href, onLinkClick, useRoute } from './router';
import { UnreachableBanner } from './components/ui';
import { FederationPage } from './pages/federation';
import { ServicesPage } from './pages/services';
import { ServicePage } from './pages/service';
import { ConflictsPage } from './pages/conflicts';
import { TopologyPage } from './pages/topology';
import { LoginPage } from './pages/login';

const NAV = [
  ['', 'Federation'],
  ['services', 'Services'],
  ['conflicts', 'Conflicts'],
  ['topology', 'Topology'],
] as const;

function useSession(): { loginNeeded: boolean; signedIn: boolean } {
  const read = () => ({ loginNeeded: isLoginNeeded(), signedIn: hasToken() });
  const [s, setS] = useState(read);
  useEffect(() => onSessionChange(() => setS(read())), []);
  return s;
}

function Page(props: { path: string; query: URLSearchParams; cluster: string }) {
  const [first, second] = props.path.split('/');
  if (first === 'services' && second) return <ServicePage serviceId={decodeURIComponent(second)} cluster={props.cluster} />;
  if (first === 'services') return <ServicesPage query={props.query} />;
  if (first === 'conflicts') return <ConflictsPage />;
  if (first === 'topology') return <TopologyPage />;
  if (first === '') return <FederationPage cluster={props.cluster} />;
  return (
    <div>
      <h1>Not found</h1>
      <p>
        No such page. <a href={href('')}>Go to Federation</a>.
      </p>
    </div>
  );
}

export function App(props: { settings: Settings }) {
  const route = useRoute();
  const session = useSession();
  const locked = session.loginNeeded || (props.settings.rbac && !session.signedIn);
  // The change stream runs while we may read: every page reloads on its bumps.
  useEffect(() => {
    if (locked) return;
    const stop = new AbortController();
    void followChanges(stop.signal);
    return () => stop.abort();
  }, [locked]);
  // A new page (not a new filter on the same one) moves the focus to its content, as a page load would.
  const shownPath = useRef(route.path);
  useEffect(() => {
    if (shownPath.current === route.path) return;
    shownPath.current = route.path;
    document.getElementById('main')?.focus();
  }, [route.path]);
  const section = route.path.split('/')[0];
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">service-center</span>
        <span class="cluster" title="the cluster of this server">
          {props.settings.cluster}
        </span>
        {!locked ? (
          <nav aria-label="sections">
            {NAV.map(([to, label]) => (
              <a key={to} href={href(to)} aria-current={section === to ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
        ) : null}
        {session.signedIn ? (
          <button type="button" class="logout" onClick={signedOut}>
            Log out
          </button>
        ) : null}
      </header>
      <UnreachableBanner />
      <main id="main" tabIndex={-1}>
        {locked ? <LoginPage /> : <Page path={route.path} query={route.query} cluster={props.settings.cluster} />}
      </main>
    </div>
  );
}
