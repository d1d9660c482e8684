import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { checkPeriod } from './loadInventoryInput';

export const CONTRACT_INSTRUMENTS = ['ppa', 'direct_line', 'green_tariff'] as const;
export type ContractInstrument = (typeof CONTRACT_INSTRUMENTS)[number];

/** A supplier contract for one period: a PPA, a direct line or a supplier-specific green tariff (market-based Scope 2). */
export interface EnergyContract {
  id: string;
  orgId: string;
  contractRef: string;
  instrument: ContractInstrument;
  counterparty: string;
  periodStart: string;
  periodEnd: string;
  contractedKWh: string;
  /** tCO2/MWh the contract states. */
  factor: string;
  evidence: string;
  /**
   * The delivery points of the contract (a PPA or direct line delivers to given meters): its kWh apply only to their
   * consumption. Empty: the contract covers all purchased electricity of the organisation.
   */
  meterIds: string[];
  createdAt: string;
}

export type EnergyContractInput = Omit<EnergyContract, 'id' | 'orgId' | 'createdAt' | 'meterIds'> & {
  meterIds?: string[];
};

interface Row {
  id: string;
  org_id: string;
  contract_ref: string;
  instrument: ContractInstrument;
  counterparty: string;
  period_start: string;
  period_end: string;
  contracted_kwh: string;
  factor: string;
  evidence: string;
  meter_ids: string[] | null;
  created_at: Date | string;
}

const COLUMNS = `id, org_id, contract_ref, instrument, counterparty, to_char(period_start, 'YYYY-MM-DD') as period_start,
  to_char(period_end, 'YYYY-MM-DD') as period_end, contracted_kwh::text as contracted_kwh, factor::text as factor,
  evidence, created_at,
  array(select m.meter_id::text from energy_contract_meters m where m.contract_id = energy_contracts.id
        order by m.meter_id) as meter_ids`;

const toContract = (r: Row): EnergyContract => ({
  id: r.id,
  orgId: r.org_id,
  contractRef: r.contract_ref,
  instrument: r.instrument,
  counterparty: r.counterparty,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  contractedKWh: r.contracted_kwh,
  factor: r.factor,
  evidence: r.evidence,
  meterIds: r.meter_ids ?? [],
  createdAt: new Date(r.created_at).toISOString(),
});

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_ENERGY_CONTRACT_INVALID', { message, hint });
}

const ZERO = { units: 0n, scale: 0 };
const MAX_METERS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function meterRefused(message: string, details: Record<string, unknown>): NengtanError {
  return new NengtanError('NT_ERR_ENERGY_CONTRACT_METER', { message, details });
}

/**
 * The contract's delivery points, checked: each named once, at most 100, each an electricity import meter of the
 * organisation inside the accounting boundary. Another organisation's meter (or none by that id) is not found, so that
 * no existence leaks across organisations.
 */
async function checkContractMeters(db: Queryable, orgId: string, meterIds: readonly string[]): Promise<string[]> {
  if (meterIds.length > MAX_METERS) {
    throw meterRefused(`A contract names at most ${MAX_METERS} meters, got ${meterIds.length}`, {
      meters: meterIds.length,
    });
  }
  const seen = new Set<string>();
  for (const id of meterIds) {
    if (seen.has(id.toLowerCase())) throw meterRefused(`Meter ${id} is named twice`, { meterId: id });
    seen.add(id.toLowerCase());
  }
  const wellFormed = meterIds.filter((id) => UUID.test(id));
  const { rows } = await db.query<{
    id: string;
    external_id: string;
    energy_kind: string;
    flow: string;
    accounting_role: string;
  }>(
    `select id::text as id, external_id, energy_kind, flow, accounting_role from meters
     where org_id = $1::uuid and id = any($2::uuid[])`,
    [orgId, wellFormed],
  );
  const found = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
  for (const id of meterIds) {
    const meter = found.get(id.toLowerCase());
    if (!meter) {
      throw new NengtanError('NT_ERR_NOT_FOUND', {
        message: `No meter ${id}`,
        hint: 'Name meters of your own organisation (GET /v1/meters lists them and their ids).',
      });
    }
    if (meter.energy_kind !== 'electricity' || meter.flow !== 'import') {
      throw meterRefused(
        `Meter ${meter.external_id} measures ${meter.energy_kind} ${meter.flow}; a contract delivers purchased electricity`,
        { meterId: meter.id, energyKind: meter.energy_kind, flow: meter.flow },
      );
    }
    if (meter.accounting_role !== 'boundary') {
      throw meterRefused(
        `Meter ${meter.external_id} is a ${meter.accounting_role} meter, not a boundary meter; its consumption is counted on the boundary meter upstream`,
        { meterId: meter.id, accountingRole: meter.accounting_role },
      );
    }
  }
  return meterIds.map((id) => (found.get(id.toLowerCase()) as { id: string }).id);
}
const UNIQUE_VIOLATION = '23505';

/**
 * Records a contract period. The same contract's periods may not overlap, so that no kWh is contracted twice under
 * one reference; contracts are applied after certificate claims (services/accounting/computeInventory.ts).
 */
export async function recordEnergyContract(
  db: Queryable,
  orgId: string,
  input: EnergyContractInput,
): Promise<EnergyContract> {
  checkPeriod(input.periodStart, input.periodEnd);
  if (compare(parseDecimal(input.contractedKWh), ZERO) <= 0) {
    throw invalid(
      `contractedKWh must be positive, got "${input.contractedKWh}"`,
      'Send the kWh contracted for the period, e.g. "150000".',
    );
  }
  if (compare(parseDecimal(input.factor), ZERO) < 0) {
    throw invalid(
      `factor must be at least 0, got "${input.factor}"`,
      'Send the tCO2/MWh the contract states ("0" for wind or solar).',
    );
  }
  const meterIds = await checkContractMeters(db, orgId, input.meterIds ?? []);
  const { rows: overlapping } = await db.query<{ period_start: string }>(
    `select to_char(period_start, 'YYYY-MM-DD') as period_start from energy_contracts
     where org_id = $1::uuid and contract_ref = $2 and period_start < $4::date and period_end > $3::date`,
    [orgId, input.contractRef, input.periodStart, input.periodEnd],
  );
  if (overlapping[0]) {
    throw new NengtanError('NT_ERR_CONFLICT', {
      message: `Contract ${input.contractRef} already has a period from ${overlapping[0].period_start} overlapping this one`,
      hint: 'Record each period of a contract once (GET /v1/energy-contracts lists them).',
    });
  }
  const id = randomUUID();
  // The contract and its delivery points in one statement: both are stored or neither.
  const { rows } = await db
    .query<Row>(
      `with c as (
         insert into energy_contracts (id, org_id, contract_ref, instrument, counterparty, period_start, period_end,
           contracted_kwh, factor, evidence)
         values ($1::uuid, $2::uuid, $3, $4, $5, $6::date, $7::date, $8::numeric, $9::numeric, $10)
         returning id, org_id, contract_ref, instrument, counterparty, period_start, period_end, contracted_kwh, factor,
           evidence, created_at),
       m as (insert into energy_contract_meters (contract_id, meter_id)
             select c.id, unnest($11::uuid[]) from c returning meter_id)
       select c.id, c.org_id, c.contract_ref, c.instrument, c.counterparty,
         to_char(c.period_start, 'YYYY-MM-DD') as period_start, to_char(c.period_end, 'YYYY-MM-DD') as period_end,
         c.contracted_kwh::text as contracted_kwh, c.factor::text as factor, c.evidence, c.created_at,
         null::text[] as meter_ids
       from c`,
      [
        id,
        orgId,
        input.contractRef,
        input.instrument,
        input.counterparty,
        input.periodStart,
        input.periodEnd,
        input.contractedKWh,
        input.factor,
        input.evidence,
        meterIds,
      ],
    )
    .catch((error: unknown) => {
      // Two requests for the same period at once: the unique key refuses the second.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new NengtanError('NT_ERR_CONFLICT', {
          message: `Contract ${input.contractRef} already has a period from ${input.periodStart}`,
          hint: 'Record each period of a contract once (GET /v1/energy-contracts lists them).',
        });
      }
      throw error;
    });
  return { ...toContract(rows[0]), meterIds: [...meterIds].sort() };
}

/** The organisation's contract periods, optionally those overlapping [start, end). */
export async function listEnergyContracts(
  db: Queryable,
  orgId: string,
  filter: { start?: string; end?: string } = {},
): Promise<EnergyContract[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from energy_contracts
     where org_id = $1::uuid and ($2::date is null or period_end > $2::date)
       and ($3::date is null or period_start < $3::date)
     order by contract_ref, period_start`,
    [orgId, filter.start ?? null, filter.end ?? null],
  );
  return rows.map(toContract);
}

/** Ending a contract period early: the new end and the kWh the settlement statements show delivered until then. */
export interface EndEnergyContractInput {
  end: string;
  deliveredKWh: string;
  evidence: string;
}

/**
 * Ends a contract period early (a terminated PPA, a supplier that stopped the green tariff): the period then closes on
 * `end` and covers only the kWh delivered until then, so that market-based Scope 2 after `end` falls back to the next
 * level of the hierarchy. The termination's evidence is appended to the contract's, never replacing it; inventories
 * already stored keep the document they were computed with.
 */
export async function endEnergyContract(
  db: Queryable,
  orgId: string,
  id: string,
  input: EndEnergyContractInput,
): Promise<EnergyContract> {
  const { rows: found } = await db.query<Row>(
    `select ${COLUMNS} from energy_contracts where id = $1::uuid and org_id = $2::uuid`,
    [id, orgId],
  );
  // Another organisation's contract is not found either: no existence leaks across organisations.
  const contract = found[0] ? toContract(found[0]) : undefined;
  if (!contract) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: `No energy contract ${id}`,
      hint: 'GET /v1/energy-contracts lists your contract periods and their ids.',
    });
  }
  checkPeriod(contract.periodStart, input.end);
  if (input.end >= contract.periodEnd) {
    throw new NengtanError('NT_ERR_ENERGY_CONTRACT_END', {
      message: `Contract ${contract.contractRef} already ends on ${contract.periodEnd}; ${input.end} does not end it early`,
      hint: `Send an end after ${contract.periodStart} and before ${contract.periodEnd}.`,
    });
  }
  const delivered = parseDecimal(input.deliveredKWh);
  if (compare(delivered, ZERO) <= 0 || compare(delivered, parseDecimal(contract.contractedKWh)) > 0) {
    throw new NengtanError('NT_ERR_ENERGY_CONTRACT_END', {
      message: `deliveredKWh must be more than 0 and at most the ${contract.contractedKWh} kWh contracted, got "${input.deliveredKWh}"`,
      hint: 'Send the kWh the settlement statements show delivered from the start of the period until the end.',
    });
  }
  const evidence = `${contract.evidence}; ended ${input.end}: ${input.evidence}`;
  if (evidence.length > 2000) {
    throw new NengtanError('NT_ERR_ENERGY_CONTRACT_END', {
      message: `The contract's evidence with the termination's would be ${evidence.length} characters (at most 2000)`,
      hint: 'Name the termination document briefly (its id or CID).',
    });
  }
  // The period_end condition makes two ends sent at once end the contract once: the second finds no row.
  const { rows } = await db.query<Row>(
    `update energy_contracts set period_end = $3::date, contracted_kwh = $4::numeric, evidence = $5
     where id = $1::uuid and org_id = $2::uuid and period_end = $6::date
     returning ${COLUMNS}`,
    [id, orgId, input.end, input.deliveredKWh, evidence, contract.periodEnd],
  );
  if (!rows[0]) {
    throw new NengtanError('NT_ERR_CONFLICT', {
      message: `Contract ${contract.contractRef} changed while it was being ended`,
      hint: 'GET /v1/energy-contracts shows its period now; end it again if it still runs past the date.',
    });
  }
  return toContract(rows[0]);
}
