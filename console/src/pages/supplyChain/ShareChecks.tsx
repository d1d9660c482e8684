import { t, type MessageKey } from '../../i18n';
import type { Verification } from './types';

const CHECK_LABELS: Record<string, MessageKey> = {
  'chain-record': 'scCheck_chainRecord',
  'chain-current': 'scCheck_chainCurrent',
  signature: 'scCheck_signature',
  'signer-account': 'scCheck_signerAccount',
  'inventory-hash': 'scCheck_inventoryHash',
  figure: 'scCheck_figure',
  'not-revoked': 'scCheck_notRevoked',
};

/** Each check of a share's verification, named, pass or fail, with what was compared. */
export function ShareChecks({ verification }: { verification: Verification }) {
  return (
    <div class="sc-checks" data-verified={String(verification.verified)}>
      <strong class={verification.verified ? 'sc-pass' : 'sc-fail'}>
        {verification.verified ? t('scVerified') : t('scNotVerified')}
      </strong>
      <ul>
        {verification.checks.map((c) => (
          <li key={c.name} data-check={c.name} data-pass={String(c.pass)} title={c.detail}>
            <span class={c.pass ? 'sc-pass' : 'sc-fail'}>{c.pass ? t('scPass') : t('scFail')}</span>{' '}
            {CHECK_LABELS[c.name] ? t(CHECK_LABELS[c.name]) : c.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
