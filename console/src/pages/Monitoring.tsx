import { t } from '../i18n';

export function Monitoring() {
  return (
    <section class="page">
      <h1>{t('navMonitoring')}</h1>
    </section>
  );
}
