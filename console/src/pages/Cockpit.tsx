import { t } from '../i18n';

export function Cockpit() {
  return (
    <section class="page">
      <h1>{t('navCockpit')}</h1>
    </section>
  );
}
