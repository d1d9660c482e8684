import type { ApiClient } from './apiClient';

/** `name=value` arguments as pairs; anything else is a usage error. */
function pairs(args: string[]): [string, string][] | null {
  const parsed = args.map((a) => a.split('='));
  return parsed.every((p) => p.length === 2 && p[0] && p[1]) ? (parsed as [string, string][]) : null;
}

/** Each command's route and body from its arguments; null when they do not fit (usage). */
const COMMANDS: Record<string, (args: string[]) => { method: string; route: string; body?: object } | null> = {
  // allocate <year> <org uuid>=<tonnes> ...
  allocate: ([year, ...rest]) => {
    const list = pairs(rest);
    if (!year || !list?.length) return null;
    return {
      method: 'POST',
      route: `/v1/market/years/${Number(year)}/allocations`,
      body: { allocations: list.map(([orgId, quantity]) => ({ orgId, quantity })) },
    };
  },
  // surrender <year> <allowances> [<offset token id>=<tonnes> ...]
  surrender: ([year, allowances, ...rest]) => {
    const offsets = pairs(rest);
    if (!year || !allowances || !offsets) return null;
    return {
      method: 'POST',
      route: '/v1/market/surrenders',
      body: {
        year: Number(year),
        allowances,
        ...(offsets.length > 0 && { offsets: offsets.map(([tokenId, quantity]) => ({ tokenId, quantity })) }),
      },
    };
  },
  // transfer <allowance|certificate> <token id> <to org uuid> <quantity>
  transfer: ([asset, tokenId, toOrgId, quantity]) =>
    quantity ? { method: 'POST', route: '/v1/market/transfers', body: { asset, tokenId, toOrgId, quantity } } : null,
  // approve-ledger <allowance|certificate> [true|false]
  'approve-ledger': ([asset, approved = 'true']) =>
    asset
      ? { method: 'PUT', route: `/v1/market/ledger-approvals/${asset}`, body: { approved: approved === 'true' } }
      : null,
  // claim <certificate id> <MWh> <consumption start> <consumption end> <location> [beneficiary org uuid]
  claim: ([certificateId, mwh, consumptionStart, consumptionEnd, location, beneficiaryOrgId]) =>
    location
      ? {
          method: 'POST',
          route: '/v1/certificates/claims',
          body: {
            certificateId,
            mwh: Number(mwh),
            consumptionStart,
            consumptionEnd,
            location,
            ...(beneficiaryOrgId && { beneficiaryOrgId }),
          },
        }
      : null,
  // otc-accept <deal uuid>
  'otc-accept': ([id]) => (id ? { method: 'POST', route: `/v1/market/otc-deals/${id}/accept`, body: {} } : null),
};

export const MARKET_WRITE_COMMANDS = Object.keys(COMMANDS);

/**
 * Market transactions from the command line, signed by the calling organisation's custodial account (NENGTAN_KEY);
 * prints the API's answer (with txHash and blockNumber). 2 when the arguments do not fit.
 */
export async function marketWriteCommand(api: ApiClient, command: string, args: string[]): Promise<number> {
  const request = COMMANDS[command]?.(args);
  if (!request) return 2;
  const result = await api.json(request.method, request.route, request.body);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return 0;
}
