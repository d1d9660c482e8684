import { computeInventory, type InventoryDocument } from '../../../services/accounting/computeInventory';
import type { FactorSource } from '../../../services/accounting/factorSource';
import type { InventoryInput, MeterActivity } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * Inventory documents for the report tests, computed by the engine from DOMAIN.md factors (test/helpers/domainFactors)
 * without a database. The grid factors carry their MEE/NBS notices, and 2024, not published yet, falls back to 2023 the
 * way the factor library does (`fallbackFromYear`), so that reports have a fallback year to disclose.
 */
const NOTICES: Record<number, string> = { 2022: 'MEE/NBS 2024 No.33', 2023: 'MEE/NBS 2025 No.47' };

export function reportFactors(): FactorSource {
  const base = domainFactors();
  return {
    ...base,
    gridElectricity(variant, region, year) {
      const published = Math.min(year, 2023);
      const f = base.gridElectricity(variant, region, published);
      return {
        ...f,
        source: 'MEE/NBS electricity CO2 emission factors (电力二氧化碳排放因子)',
        notice: NOTICES[published] ?? null,
        ...(published === year ? {} : { fallbackFromYear: year }),
      };
    },
  };
}

export const PLANT_1 = { id: 's-1', name: 'Plant 1 (Suzhou)', gridRegion: 'East', province: 'Jiangsu' };
export const PLANT_2 = { id: 's-2', name: 'Plant 2 (Wuxi)', gridRegion: null, province: 'Jiangsu' };

export function meterActivity(
  id: string,
  siteId: string,
  energyKind: string,
  flow: 'import' | 'export',
  unit: string,
  years: Record<number, string | [quantity: string, estimated: string]>,
): MeterActivity {
  return {
    meter: { id: `m-${id}`, externalId: id, name: null, energyKind, flow, unit, siteId },
    years: new Map(
      Object.entries(years).map(([y, q]) => {
        const [quantity, estimated] = typeof q === 'string' ? [q, '0'] : q;
        return [
          Number(y),
          {
            quantity: parseRational(quantity),
            estimated: estimated === '0' ? ZERO : parseRational(estimated),
            intervals: 17_520,
          },
        ];
      }),
    ),
  };
}

export function inventoryOf(overrides: Partial<InventoryInput>): InventoryDocument {
  return computeInventory({
    organisation: { id: 'org-1', name: 'Worked Example Co' },
    period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
    sites: [PLANT_1],
    activity: [],
    factors: reportFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region' },
    claims: [],
    production: [],
    evidence: [],
    ...overrides,
  }).document;
}

const hex32 = (byte: string) => '0x' + byte.repeat(32);

/**
 * A fiscal-year inventory of two plants (July 2023 to June 2024): electricity with a solar export, natural gas, diesel,
 * purchased heat and water; certificates for both half-years; two products; three batches, one not yet anchored.
 */
export function sampleInventory(
  organisation = 'Jiangsu Example Manufacturing Co., Ltd. 江苏示例制造有限公司',
): InventoryDocument {
  const anchor = (tx: string, block: number) => ({
    chainId: 31337,
    contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    txHash: hex32(tx),
    blockNumber: block,
  });
  return inventoryOf({
    organisation: { id: '6f1c2a9e-0b7d-4c1e-9a53-2d8f4e6b7c10', name: organisation },
    period: { start: '2023-07-01', end: '2024-07-01', timeZone: 'Asia/Shanghai' },
    sites: [PLANT_1, PLANT_2],
    activity: [
      meterActivity('E-1', 's-1', 'electricity', 'import', 'kWh', { 2023: ['600000', '54000'], 2024: '650000' }),
      meterActivity('PV-1', 's-1', 'electricity', 'export', 'kWh', { 2023: '20000', 2024: '25000' }),
      meterActivity('G-1', 's-1', 'natural_gas', 'import', 'm3', { 2023: '50000', 2024: ['55000', '1100'] }),
      meterActivity('D-2', 's-2', 'diesel', 'import', 't', { 2023: '4', 2024: '3.5' }),
      meterActivity('H-2', 's-2', 'heat', 'import', 'GJ', { 2023: '300', 2024: '280' }),
      meterActivity('W-2', 's-2', 'water', 'import', 'm3', { 2023: '1200', 2024: '1300' }),
    ],
    claims: [
      {
        ref: 'GEC-2023-000117',
        source: 'api',
        mwh: parseRational('200'),
        start: '2023-07-01',
        end: '2024-01-01',
        generator: 'Rudong offshore wind farm',
      },
      {
        ref: 'GEC-2024-000452',
        source: 'chain',
        mwh: parseRational('150'),
        start: '2024-01-01',
        end: '2024-07-01',
        generator: null,
      },
    ],
    production: [
      {
        product: 'rolled steel',
        siteId: 's-1',
        quantity: parseRational('700'),
        unit: 't',
        start: '2023-07-01',
        end: '2024-01-01',
      },
      {
        product: 'rolled steel',
        siteId: 's-1',
        quantity: parseRational('500'),
        unit: 't',
        start: '2024-01-01',
        end: '2024-07-01',
      },
      {
        product: 'steel wire',
        siteId: 's-2',
        quantity: parseRational('300'),
        unit: 't',
        start: '2023-07-01',
        end: '2024-07-01',
      },
    ],
    evidence: [
      { id: hex32('a1'), root: hex32('b1'), status: 'anchored', anchor: anchor('c1', 1042) },
      { id: hex32('a2'), root: hex32('b2'), status: 'anchored', anchor: anchor('c2', 2087) },
      { id: hex32('a3'), root: hex32('b3'), status: 'sealed', anchor: null },
    ],
  });
}
