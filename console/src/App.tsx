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
import { Budgets } from './pages/Budgets';
import { Baselines } from './pages/Baselines';
import { Scenarios } from './pages/Scenarios';
import { Benchmarking } from './pages/Benchmarking';
import { Planned } from './pages/Planned';
import { Trust } from './pages/Trust';
import { Measures } from './pages/Measures';
import { Park } from './pages/Park';
import { EnergyAnalysis } from './pages/EnergyAnalysis';
import { SupplyChain } from './pages/SupplyChain';
import { AccountingSetup } from './pages/AccountingSetup';
import type { Session } from './session';
import { SignIn } from './SignIn';

interface PageEntry {
  path: string;
  title: MessageKey;
  /** What the page will be, shown until it is built. */
  planned: MessageKey;
  /** The page itself, once built. */
  view?: (props: { session: Session }) => JSX.Element;
  /** The navigation group it is listed under. */
  group: MessageKey;
  /** Only organisations of one of these kinds see the page. */
  kinds?: string[];
}

/**
 * The console's pages in groups that follow the MIIT guide's workflow: watch (monitoring, consumption analysis,
 * energy flow), analyse and act (budgets, baselines, measures, what-if, benchmarking), carbon and trust (accounting,
 * notarization and verification, proofs, the market), parks and supply chains, data.
 */
const PAGES: PageEntry[] = [
  { path: 'cockpit', group: 'navGroupWatch', title: 'navCockpit', planned: 'plannedCockpit', view: Cockpit },
  { path: 'alerts', group: 'navGroupWatch', title: 'navAlerts', planned: 'plannedAlerts', view: Alerts },
  {
    path: 'monitoring',
    group: 'navGroupWatch',
    title: 'navMonitoring',
    planned: 'plannedMonitoring',
    view: Monitoring,
  },
  {
    path: 'energy-analysis',
    group: 'navGroupWatch',
    title: 'navEnergyAnalysis',
    planned: 'plannedEnergyAnalysis',
    view: EnergyAnalysis,
  },
  { path: 'flow', group: 'navGroupWatch', title: 'navFlow', planned: 'plannedFlow', view: Flow },
  { path: 'budgets', group: 'navGroupAct', title: 'navBudgets', planned: 'plannedBudgets', view: Budgets },
  { path: 'baselines', group: 'navGroupAct', title: 'navBaselines', planned: 'plannedBaselines', view: Baselines },
  { path: 'measures', group: 'navGroupAct', title: 'navMeasures', planned: 'plannedMeasures', view: Measures },
  { path: 'scenarios', group: 'navGroupAct', title: 'navScenarios', planned: 'plannedScenarios', view: Scenarios },
  {
    path: 'benchmarking',
    group: 'navGroupAct',
    title: 'navBenchmarking',
    planned: 'plannedBenchmarking',
    view: Benchmarking,
  },
  { path: 'carbon', group: 'navGroupCarbon', title: 'navCarbon', planned: 'plannedCarbon', view: Carbon },
  {
    path: 'notarization',
    group: 'navGroupCarbon',
    title: 'navNotarization',
    planned: 'plannedNotarization',
    view: Notarization,
  },
  { path: 'trust', group: 'navGroupCarbon', title: 'navTrust', planned: 'plannedTrust', view: Trust },
  { path: 'market', group: 'navGroupCarbon', title: 'navMarket', planned: 'plannedMarket', view: Market },
  {
    path: 'park',
    group: 'navGroupPark',
    title: 'navPark',
    planned: 'plannedPark',
    view: Park,
    kinds: ['park', 'enterprise'],
  },
  {
    path: 'supply-chain',
    group: 'navGroupPark',
    title: 'navSupplyChain',
    planned: 'plannedSupplyChain',
    view: SupplyChain,
    kinds: ['enterprise'],
  },
  { path: 'meters', group: 'navGroupData', title: 'navMeters', planned: 'plannedMeters', view: Meters },
  {
    path: 'accounting-setup',
    group: 'navGroupCarbon',
    title: 'navAccountingSetup',
    planned: 'plannedAccountingSetup',
    view: AccountingSetup,
  },
];

/** Pages by navigation group, groups in the order of their first page. */
function groupsOf(pages: readonly PageEntry[]): [MessageKey, PageEntry[]][] {
  const groups = new Map<MessageKey, PageEntry[]>();
  for (const p of pages) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  return [...groups];
}

/** The pages an organisation of these kinds is shown (a page without `kinds` is for every organisation). */
function pagesFor(kinds: readonly string[]): PageEntry[] {
  return PAGES.filter((p) => !p.kinds || p.kinds.some((k) => kinds.includes(k)));
}

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
        {groupsOf(pagesFor(session.organisation?.kinds ?? [])).map(([group, pages]) => (
          <div class="nav-group" key={group}>
            <div class="nav-group-title">{t(group)}</div>
            <ul>
              {pages.map((p) => (
                <li key={p.path}>
                  <a href={`#/${p.path}`} class={p.path === path ? 'active' : ''} data-page={p.path}>
                    {t(p.title)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
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
