import { t } from '../i18n';
import type { Session } from '../session';
import { Assignments } from './notarization/Assignments';
import { Inventories } from './notarization/Inventories';

/**
 * Notarization and verification (公证与核查): an enterprise stores, notarizes and hands its inventories to a verifier;
 * a verifier sees what it was assigned and attests. What each sees follows its organisation's kinds, as the API decides.
 */
export function Notarization({ session }: { session: Session }) {
  const kinds = session.organisation?.kinds ?? [];
  const enterprise = kinds.includes('enterprise');
  const verifier = kinds.includes('verifier');
  return (
    <section class="page notarization">
      <h1>{t('navNotarization')}</h1>
      {enterprise && <Inventories />}
      {verifier && <Assignments />}
      {!enterprise && !verifier && <p class="notice">{t('notarizationForKinds')}</p>}
    </section>
  );
}
