import { t, type MessageKey } from '../i18n';

/** A page of the issue that is not built yet: it says what it will be, and shows no invented data. */
export function Planned({ title, description }: { title: MessageKey; description: MessageKey }) {
  return (
    <section class="page planned">
      <h1>{t(title)}</h1>
      <p class="notice">{t('planned')}</p>
      <p>{t(description)}</p>
    </section>
  );
}
