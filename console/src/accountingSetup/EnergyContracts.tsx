import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';

/** A contract period as GET /v1/energy-contracts returns it (services/accounting/energyContracts.ts). */
export interface EnergyContract {
  id: string;
  contractRef: string;
  instrument: 'ppa' | 'direct_line' | 'green_tariff';
  counterparty: string;
  periodStart: string;
  periodEnd: string;
  contractedKWh: string;
  factor: string;
  evidence: string;
  /** The delivery points (meter ids); empty: all purchased electricity of the organisation. */
  meterIds?: string[];
  createdAt: string;
}

/** A meter as GET /v1/meters returns it, as far as the covered-meters choice needs. */
interface ContractMeter {
  id: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  flow?: string;
  accountingRole?: string;
  retiredAt?: string | null;
}

/** The meters a contract may deliver to: electricity import boundary meters in service (as the API checks). */
const deliveryPoint = (m: ContractMeter) =>
  m.energyKind === 'electricity' &&
  (m.flow ?? 'import') === 'import' &&
  (m.accountingRole ?? 'boundary') === 'boundary' &&
  !m.retiredAt;

const INSTRUMENTS = ['ppa', 'direct_line', 'green_tariff'] as const;
const DECIMAL = '\\d{1,20}(\\.\\d{1,12})?';

const EMPTY = {
  contractRef: '',
  instrument: 'ppa',
  counterparty: '',
  periodStart: '',
  periodEnd: '',
  contractedKWh: '',
  factor: '0',
  evidence: '',
};

/** Ends one contract period early: the new end, the kWh delivered until then and the termination's evidence. */
function EndForm({ contract, onEnded }: { contract: EnergyContract; onEnded: () => void }) {
  const [form, setForm] = useState({ end: '', deliveredKWh: '', evidence: '' });
  const [error, setError] = useState<unknown>();
  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onInput: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  return (
    <form
      class="controls"
      data-form="contract-end"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        api('POST', `/v1/energy-contracts/${contract.id}/end`, form).then(onEnded, setError);
      }}
    >
      <label>
        {t('contractEndOn')}
        <input type="date" required {...field('end')} />
      </label>
      <label>
        {t('contractDelivered')}
        <input required inputMode="decimal" pattern={DECIMAL} {...field('deliveredKWh')} />
      </label>
      <label>
        {t('contractEndEvidence')}
        <input required maxLength={500} {...field('evidence')} />
      </label>
      <button type="submit">{t('contractEndSubmit')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

/**
 * Supplier contracts for market-based Scope 2: the organisation's contract periods, a form recording one (the
 * instrument is its level in the GHG Protocol quality criteria hierarchy) and ending one early. A refusal shows the
 * API's code and hint under the form.
 */
export function EnergyContracts() {
  const [contracts, setContracts] = useState<EnergyContract[] | undefined>();
  const [form, setForm] = useState(EMPTY);
  const [ending, setEnding] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [listError, setListError] = useState<unknown>();
  const [meters, setMeters] = useState<ContractMeter[]>([]);
  const [meterIds, setMeterIds] = useState<string[]>([]);

  const reload = () => api<EnergyContract[]>('GET', '/v1/energy-contracts').then(setContracts, setListError);
  useEffect(() => {
    void reload();
    api<ContractMeter[]>('GET', '/v1/meters').then(setMeters, setListError);
  }, []);
  const meterLabel = (id: string) => meters.find((m) => m.id === id)?.externalId ?? id;

  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onInput: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  return (
    <div class="panel" data-energy-contracts>
      <h2>{t('contractsHeading')}</h2>
      <p class="help">{t('contractsHelp')}</p>
      <ErrorBox error={listError} />
      {contracts && contracts.length === 0 && <p class="help">{t('contractsNone')}</p>}
      {contracts && contracts.length > 0 && (
        <table class="figures-table" data-table="energy-contracts">
          <thead>
            <tr>
              <th>{t('contractRef')}</th>
              <th>{t('contractInstrument')}</th>
              <th>{t('contractCounterparty')}</th>
              <th>{t('contractPeriod')}</th>
              <th class="num">{t('contractKWh')}</th>
              <th class="num">{t('contractFactor')}</th>
              <th>{t('contractEvidence')}</th>
              <th>{t('contractMeters')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {contracts.map((c) => (
              <tr key={c.id} data-row={`${c.contractRef} ${c.periodStart}`}>
                <td>{c.contractRef}</td>
                <td>{t(`instrument_${c.instrument}` as MessageKey)}</td>
                <td>{c.counterparty}</td>
                <td>
                  {c.periodStart} – {c.periodEnd}
                </td>
                <td class="num">{c.contractedKWh}</td>
                <td class="num">{c.factor}</td>
                <td>{c.evidence}</td>
                <td data-cell="meters">
                  {c.meterIds && c.meterIds.length > 0
                    ? c.meterIds.map(meterLabel).sort().join(', ')
                    : t('contractMetersAll')}
                </td>
                <td>
                  {ending === c.id ? (
                    <>
                      <EndForm
                        contract={c}
                        onEnded={() => {
                          setEnding(undefined);
                          void reload();
                        }}
                      />
                      <button type="button" class="link" onClick={() => setEnding(undefined)}>
                        {t('contractEndCancel')}
                      </button>
                    </>
                  ) : (
                    <button type="button" class="link" data-action="end" onClick={() => setEnding(c.id)}>
                      {t('contractEndAction')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="controls"
        data-form="energy-contract"
        onSubmit={(e) => {
          e.preventDefault();
          setError(undefined);
          // Without a choice of meters the body stays as before: the contract covers all purchased electricity.
          api('POST', '/v1/energy-contracts', meterIds.length > 0 ? { ...form, meterIds } : form).then(() => {
            setForm(EMPTY);
            setMeterIds([]);
            void reload();
          }, setError);
        }}
      >
        <label>
          {t('contractRef')}
          <input required maxLength={128} {...field('contractRef')} />
        </label>
        <label>
          {t('contractInstrument')}
          <select
            name="instrument"
            value={form.instrument}
            onChange={(e) => setForm({ ...form, instrument: e.currentTarget.value })}
          >
            {INSTRUMENTS.map((i) => (
              <option key={i} value={i}>
                {t(`instrument_${i}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('contractCounterparty')}
          <input required maxLength={256} {...field('counterparty')} />
        </label>
        <label>
          {t('contractStart')}
          <input type="date" required {...field('periodStart')} />
        </label>
        <label>
          {t('contractEnd')}
          <input type="date" required {...field('periodEnd')} />
        </label>
        <label>
          {t('contractKWh')}
          <input required inputMode="decimal" pattern={DECIMAL} {...field('contractedKWh')} />
        </label>
        <label>
          {t('contractFactor')}
          <input required inputMode="decimal" pattern={DECIMAL} {...field('factor')} />
        </label>
        <label>
          {t('contractEvidence')}
          <input required maxLength={2000} {...field('evidence')} />
        </label>
        <label>
          {t('contractMeters')}
          <select
            multiple
            name="meterIds"
            size={Math.min(Math.max(meters.filter(deliveryPoint).length, 2), 6)}
            onChange={(e) => setMeterIds(Array.from(e.currentTarget.selectedOptions, (o) => o.value))}
          >
            {meters.filter(deliveryPoint).map((m) => (
              <option key={m.id} value={m.id} selected={meterIds.includes(m.id)}>
                {m.name ? `${m.externalId} (${m.name})` : m.externalId}
              </option>
            ))}
          </select>
          <span class="help">{t('contractMetersHelp')}</span>
        </label>
        <button type="submit">{t('contractSubmit')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
