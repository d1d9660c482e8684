import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { ApiKeys } from './meters/ApiKeys';
import { CreateMeter } from './meters/CreateMeter';
import { CsvUpload } from './meters/CsvUpload';
import { FlexibleMeters } from './meters/FlexibleMeters';
import { MeterCorrection } from './meters/MeterCorrection';
import { MetersTable } from './meters/MetersTable';
import { SitesPanel } from './meters/SitesPanel';
import type { EnergyKind, Meter, Site } from './meters/types';
import './meters/meters.css';

interface Registry {
  sites: Site[];
  meters: Meter[];
  kinds: EnergyKind[];
}

/** Meters and data (计量与数据): sites, meters with corrections and their audit trail, API keys, CSV upload. */
export function Meters() {
  const [registry, setRegistry] = useState<Registry | undefined>();
  const [picked, setPicked] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    Promise.all([
      api<Site[]>('GET', '/v1/sites'),
      api<Meter[]>('GET', '/v1/meters'),
      api<EnergyKind[]>('GET', '/v1/energy-kinds'),
    ]).then(([sites, meters, kinds]) => setRegistry({ sites, meters, kinds }), setError);
  useEffect(() => void load(), []);

  if (!registry) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  const meter = registry.meters.find((m) => m.id === picked);
  return (
    <section class="page meters-page">
      <h1>{t('navMeters')}</h1>
      <SitesPanel sites={registry.sites} onChanged={() => void load()} />
      <div class="panel" data-panel="meters">
        <h2>{t('mtrMeters')}</h2>
        <MetersTable meters={registry.meters} sites={registry.sites} onPick={(m) => setPicked(m.id)} />
        {registry.sites.length > 0 && (
          <CreateMeter sites={registry.sites} kinds={registry.kinds} onCreated={() => void load()} />
        )}
      </div>
      {meter && (
        <MeterCorrection
          meter={meter}
          kind={registry.kinds.find((k) => k.kind === meter.energyKind)}
          onChanged={() => void load()}
          onClose={() => setPicked(undefined)}
        />
      )}
      <FlexibleMeters meters={registry.meters} />
      <CsvUpload meters={registry.meters} />
      <ApiKeys />
    </section>
  );
}
