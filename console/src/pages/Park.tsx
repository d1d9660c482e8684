import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Session } from '../session';
import { Invitations } from './park/Invitations';
import { ParkAlerts } from './park/ParkAlerts';
import { ParkAnalysis } from './park/ParkAnalysis';
import { ParkFigures } from './park/ParkFigures';
import { ParkMembers } from './park/ParkMembers';

/**
 * The industrial park (园区). A park operator sees its members with their consent and status, invites enterprises by
 * name, and sees the park's energy and carbon with each member's share and a ranking; an enterprise sees the parks
 * that invited it and accepts, declines or leaves. Every decision (who may see what) is the API's.
 */
export function Park({ session }: { session: Session }) {
  const kinds = session.organisation?.kinds ?? [];
  // Bumped by Show and by every membership change: both panels reload.
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <section class="page park">
      <h1>{t('navPark')}</h1>
      {kinds.includes('park') && (
        <>
          <ParkMembers version={version} onChanged={bump} />
          <ParkFigures version={version} onShow={bump} />
          <ParkAnalysis version={version} />
          <ParkAlerts version={version} />
        </>
      )}
      {kinds.includes('enterprise') && <Invitations />}
      {!kinds.includes('park') && !kinds.includes('enterprise') && <p class="notice">{t('parkOnlyKinds')}</p>}
    </section>
  );
}
