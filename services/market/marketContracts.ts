import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import {
  CarbonAllowance__factory,
  GreenCertificate__factory,
  TradeLedger__factory,
  type CarbonAllowance,
  type GreenCertificate,
  type TradeLedger,
} from '../../types/contracts';

export interface MarketContracts {
  allowances: CarbonAllowance;
  certificates: GreenCertificate;
  ledger: TradeLedger;
}

/** Read-only handles on the market contracts of the deployment; transactions connect them to a participant's account. */
export function marketContracts(chain: ChainConnection): MarketContracts {
  const { carbonAllowance, greenCertificate, tradeLedger } = chain.deployment;
  if (!carbonAllowance || !greenCertificate || !tradeLedger) {
    throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', {
      message: 'The market contracts are not deployed on this chain',
      hint: 'Run npm run deploy against RPC_URL: it adds CarbonAllowance, GreenCertificate and TradeLedger.',
    });
  }
  return {
    allowances: CarbonAllowance__factory.connect(carbonAllowance, chain.provider),
    certificates: GreenCertificate__factory.connect(greenCertificate, chain.provider),
    ledger: TradeLedger__factory.connect(tradeLedger, chain.provider),
  };
}

/** The asset names the API uses for the two token contracts. */
export type AssetName = 'allowance' | 'certificate';

export function assetAddress(chain: ChainConnection, asset: AssetName): string {
  const market = marketContracts(chain);
  return asset === 'allowance' ? market.allowances.target.toString() : market.certificates.target.toString();
}

/** An organisation's registered chain account (its first), the address tokens are held at. */
export async function accountOf(db: Queryable, orgId: string): Promise<string> {
  const { rows } = await db.query<{ address: string }>(
    'select address from chain_accounts where org_id = $1::uuid and registered_tx is not null order by created_at limit 1',
    [orgId],
  );
  if (!rows[0]) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: `Organisation ${orgId} has no registered chain account`,
      hint: 'It creates one with POST /v1/organisation/chain-accounts.',
    });
  }
  return rows[0].address;
}

/** Every chain account of an organisation (lowercase), for reading its positions from the indexed events. */
export async function accountsOf(db: Queryable, orgId: string): Promise<string[]> {
  const { rows } = await db.query<{ address: string }>('select address from chain_accounts where org_id = $1::uuid', [
    orgId,
  ]);
  return rows.map((r) => r.address.toLowerCase());
}
