import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiClient, ApiError } from '../cli/apiClient';
import { registerDemoOrganisation, type DemoOrganisation } from './demoParticipants';

interface Membership {
  id: string;
  park: { id: string };
  status: string;
}
interface Overview {
  park: { energyKgce: string; co2eKg: string };
  members: { member: { name: string; grantLevel: string }; figures: { energyKgce: string; co2eKg: string } }[];
}

const tonnes = (kg: string) => `${(Number(kg) / 1000).toFixed(1)} t`;

/**
 * The industrial park (园区) over the three enterprises: the park operator invites each, each accepts (the data centre
 * grants meter data too), and the park's overview of the fed days is printed. Re-runs reuse the park and skip
 * invitations already answered.
 */
export async function industrialPark(options: {
  url: string;
  platformKey: string;
  dir: string;
  enterprises: DemoOrganisation[];
  period: { start: string; end: string };
}): Promise<void> {
  const { url, platformKey, period } = options;
  const statePath = path.join(options.dir, 'demo-park.json');
  let park: DemoOrganisation | undefined;
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { url: string; park: DemoOrganisation };
    if (saved.url === url) park = saved.park;
  }
  park ??= await registerDemoOrganisation(url, platformKey, '滨海工业园区 Binhai Industrial Park', ['park']);
  writeFileSync(statePath, JSON.stringify({ url, park }, null, 2));
  const parkApi = apiClient(url, park.adminKey);
  for (const [i, enterprise] of options.enterprises.entries()) {
    await parkApi.json('POST', '/v1/park/invitations', { enterpriseId: enterprise.orgId }).catch((e: unknown) => {
      if (!(e instanceof ApiError && e.code === 'NT_ERR_PARK_INVITATION_OPEN')) throw e;
    });
    const api = apiClient(url, enterprise.adminKey);
    const { invitations } = await api.json<{ invitations: Membership[] }>('GET', '/v1/park-invitations');
    const open = invitations.find((m) => m.park.id === park.orgId && m.status === 'invited');
    const grantLevel = i === options.enterprises.length - 1 ? 'meters' : 'aggregate';
    if (open) await api.json('POST', `/v1/park-invitations/${open.id}/accept`, { grantLevel });
  }
  const overview = await parkApi.json<Overview>('GET', `/v1/park/overview?from=${period.start}&to=${period.end}`);
  console.log(`  ${park.name}, ${period.start} to ${period.end}, ${overview.members.length} consenting members:`);
  for (const m of overview.members)
    console.log(
      `    ${m.member.name} (${m.member.grantLevel}): ${tonnes(m.figures.co2eKg)} CO2e, ${tonnes(m.figures.energyKgce)}ce`,
    );
  console.log(`    park total: ${tonnes(overview.park.co2eKg)} CO2e, ${tonnes(overview.park.energyKgce)}ce`);
  console.log(`  admin key of ${park.name}: ${park.adminKey} (console: ${url}/#/park)`);
}
