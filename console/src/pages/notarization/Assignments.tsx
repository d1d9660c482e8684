import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { DifferenceReport } from './DifferenceReport';

interface Assignment {
  inventoryId: string;
  organisation: { id: string; name: string };
  periodStart: string;
  periodEnd: string;
  inventoryHash: string;
  opinion: string | null;
  attestedTx: string | null;
}

const OPINIONS: [string, MessageKey][] = [
  ['verified', 'opinionVerified'],
  ['qualified', 'opinionQualified'],
  ['rejected', 'opinionRejected'],
];
const OPINION_WORD = Object.fromEntries(OPINIONS) as Record<string, MessageKey>;

function AttestForm({ inventoryId, onDone }: { inventoryId: string; onDone: () => void }) {
  const [opinion, setOpinion] = useState('verified');
  const [assurance, setAssurance] = useState('reasonable');
  const [materialityBps, setMateriality] = useState('500');
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/v1/verifications/${inventoryId}/attestation`, {
        opinion,
        assurance,
        materialityBps: Number(materialityBps),
        statement,
      });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="attest" onSubmit={submit}>
      <h4>{t('attestTitle')}</h4>
      <label>
        {t('attestOpinion')}
        <select value={opinion} onChange={(e) => setOpinion((e.target as HTMLSelectElement).value)}>
          {OPINIONS.map(([value, word]) => (
            <option key={value} value={value}>
              {t(word)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('attestAssurance')}
        <select value={assurance} onChange={(e) => setAssurance((e.target as HTMLSelectElement).value)}>
          <option value="reasonable">{t('assuranceReasonable')}</option>
          <option value="limited">{t('assuranceLimited')}</option>
        </select>
      </label>
      <label>
        {t('attestMateriality')}
        <input
          type="number"
          min="0"
          max="10000"
          step="1"
          required
          value={materialityBps}
          onInput={(e) => setMateriality((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="wide">
        {t('attestStatement')}
        <textarea
          required
          rows={4}
          value={statement}
          onInput={(e) => setStatement((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('attestSubmit')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

/** The verifier's workspace: assigned inventories, how to re-verify them locally, and the attestation on chain. */
export function Assignments() {
  const [list, setList] = useState<Assignment[] | undefined>();
  const [error, setError] = useState<unknown>();
  const reload = () => api<Assignment[]>('GET', '/v1/verifications').then(setList, setError);
  useEffect(() => void reload(), []);
  return (
    <section>
      <h2>{t('assignmentsTitle')}</h2>
      <ErrorBox error={error} />
      {list?.length === 0 && <p class="notice">{t('assignmentsEmpty')}</p>}
      {list?.map((a) => (
        <article class="assignment" key={a.inventoryId} data-assignment={a.inventoryId}>
          <h3>
            {a.organisation.name} · {a.periodStart} – {a.periodEnd}
          </h3>
          <p>
            {t('inventoryHash')}: <code>{a.inventoryHash}</code>
          </p>
          <p data-opinion={a.opinion ?? ''}>
            {t('assignmentOpinion')}:{' '}
            <strong>{a.opinion ? t(OPINION_WORD[a.opinion] ?? 'assignmentPending') : t('assignmentPending')}</strong>
            {a.attestedTx && (
              <>
                {' '}
                · {t('attested')} <code>{a.attestedTx}</code>
              </>
            )}
          </p>
          {!a.opinion && (
            <>
              <h4>{t('reverifyTitle')}</h4>
              <p>{t('reverifyHelp')}</p>
              <pre>{`npm run nengtan -- verify-inventory ${a.inventoryId} --key <evidence-key-file> --out report.json`}</pre>
              <DifferenceReport inventoryId={a.inventoryId} />
              <AttestForm inventoryId={a.inventoryId} onDone={() => void reload()} />
            </>
          )}
        </article>
      ))}
    </section>
  );
}
