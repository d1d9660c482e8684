import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { BatchTable } from '../trust/BatchTable';
import { OrganisationVerification } from '../trust/OrganisationVerification';
import { ReceiptVerifier } from '../trust/ReceiptVerifier';
import type { Batch, Chain, MeterRef } from '../trust/trustTypes';
import '../trust/trust.css';

/** 可信存证: batches and anchors, any reading's receipt verified against the chain in the browser, verify-org. */
export function Trust() {
  const [batches, setBatches] = useState<Batch[] | undefined>();
  const [meters, setMeters] = useState<MeterRef[] | undefined>();
  const [chain, setChain] = useState<Chain | undefined>();
  const [chainError, setChainError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [pick, setPick] = useState<{ readingId: number } | undefined>();

  useEffect(() => {
    Promise.all([api<Batch[]>('GET', '/v1/batches?limit=200'), api<MeterRef[]>('GET', '/v1/meters')]).then(([b, m]) => {
      setBatches(b);
      setMeters(m);
    }, setError);
    // Without a public RPC the rest of the page still works; the verifier shows the refusal and its hint.
    api<Chain>('GET', '/v1/chain').then(setChain, setChainError);
  }, []);

  if (error) return <ErrorBox error={error} />;
  if (!batches || !meters) return <p class="loading">{t('loading')}</p>;
  return (
    <section class="page trust">
      <h1>{t('navTrust')}</h1>
      <div class="panel" id="receipt">
        <h2>{t('trustReceipt')}</h2>
        <ReceiptVerifier chain={chain} chainError={chainError} meters={meters} pick={pick} />
      </div>
      <div class="panel">
        <h2>{t('trustBatches')}</h2>
        <BatchTable
          batches={batches}
          onVerify={(reading) => {
            setPick({ readingId: reading.id });
            document.getElementById('receipt')?.scrollIntoView({ behavior: 'smooth' });
          }}
        />
      </div>
      <div class="panel">
        <h2>{t('trustVerifyOrg')}</h2>
        <OrganisationVerification meters={meters} />
      </div>
    </section>
  );
}
