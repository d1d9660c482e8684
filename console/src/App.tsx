import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { language, setLanguage, t, type MessageKey } from './i18n';
import { Carbon } from './pages/Carbon';
import { Cockpit } from './pages/Cockpit';
import { Flow } from './pages/Flow';
import { Market } from './pages/Market';
import { Notarization } from './pages/Notarization';
import { Meters } from './pages/Meters';
import { Monitoring } from './pages/Monitoring';
import { Alerts } from './pages/Alerts';
import { Planned } from './pages/Planned';
import { Trust } from './pages/Trust';
import { Measures } from './pages/Measures';
import { Park } from './pages/Park';
import { EnergyAnalysis } from './pages/EnergyAnalysis';
import { SupplyChain } from './pages/SupplyChain';
import type { Session } from './session';
import { SignIn } from './SignIn';

interface PageEntry {
  path: string;
  title: MessageKey;
  /** What the page will be, shown until it is built. */
  planned: MessageKey;
  /** The page itself, once built. */
  view?: (props: { session: Session }) => JSX.Element;
}

/** The console's pages: the eight of issue 10 and the alerts page of issue 11, in the order of the MIIT guide's workflow. */
const PAGES: PageEntry[] = [
  { path: 'cockpit', title: 'navCockpit', planned: 'plannedCockpit', view: Cockpit },
  { path: 'alerts', title: 'navAlerts', planned: 'plannedAlerts', view: Alerts },
  { path: 'monitoring', title: 'navMonitoring', planned: 'plannedMonitoring', view: Monitoring },
  { path: 'flow', title: 'navFlow', planned: 'plannedFlow', view: Flow },
  { path: 'carbon', title: 'navCarbon', planned: 'plannedCarbon', view: Carbon },
  { path: 'trust', title: 'navTrust', planned: 'plannedTrust', view: Trust },
  { path: 'notarization', title: 'navNotarization', planned: 'plannedNotarization', view: Notarization },
  { path: 'market', title: 'navMarket', planned: 'plannedMarket', view: Market },
  { path: 'meters', title: 'navMeters', planned: 'plannedMeters', view: Meters },
  { path: 'measures', title: 'navMeasures', planned: 'plannedMeasures', view: Measures },
  { path: 'park', title: 'navPark', planned: 'plannedPark', view: Park },
  { path: 'energy-analysis', title: 'navEnergyAnalysis', planned: 'plannedEnergyAnalysis', view: EnergyAnalysis },
  { path: 'supply-chain', title: 'navSupplyChain', planned: 'plannedSupplyChain', view: SupplyChain },
];

function currentPath(): string {
  const path = location.hash.replace(/^#\/?/, '').split('?')[0];
  return PAGES.some((p) => p.path === path) ? path : 'cockpit';
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [path, setPath] = useState(currentPath());
  const [, setLanguageShown] = useState(language());

  useEffect(() => {
    api<Session>('GET', '/v1/session').then(setSession, (e) => {
      if (e instanceof ApiError && e.status === 401) setSession(null);
      else throw e;
    });
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  function toggleLanguage() {
    const next = language() === 'zh' ? 'en' : 'zh';
    setLanguage(next);
    setLanguageShown(next);
  }

  async function signOut() {
    await api('DELETE', '/v1/session');
    setSession(null);
  }

  if (session === undefined) return <p class="loading">{t('loading')}</p>;
  if (session === null) return <SignIn onSignedIn={setSession} onToggleLanguage={toggleLanguage} />;
  const page = PAGES.find((p) => p.path === path) as PageEntry;
  return (
    <div class="shell">
      <nav>
        <div class="brand">{t('appName')}</div>
        <div class="org">{session.organisation?.name ?? session.keyPrefix}</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p.path}>
              <a href={`#/${p.path}`} class={p.path === path ? 'active' : ''} data-page={p.path}>
                {t(p.title)}
              </a>
            </li>
          ))}
        </ul>
        <div class="nav-actions">
          <button type="button" class="link language" onClick={toggleLanguage}>
            {t('language')}
          </button>
          <button type="button" class="link signout" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </nav>
      <main>
        {page.view ? <page.view session={session} /> : <Planned title={page.title} description={page.planned} />}
      </main>
    </div>
  );
}
