import type { InventoryDocument } from '../accounting/computeInventory';
import {
  add,
  compare,
  div,
  exact,
  format,
  mul,
  ONE,
  parseRational,
  sub,
  sum,
  ZERO,
  type Rational,
} from '../accounting/rational';
import type { Scope3CategorySection } from '../accounting/scope3Categories';
import type { InventoryDocumentWithScope3, PurchasedGoodsSection } from '../accounting/scope3PurchasedGoods';
import { NengtanError } from '../lib/errors';
import {
  allocateCoProducts,
  allocationStatement,
  type AllocatedCoProduct,
  type AllocationMethod,
  type AllocationRequest,
} from './coProductAllocation';

export type FootprintStage = 'raw-materials' | 'upstream-energy' | 'inbound-transport' | 'production';

/** One input of a stage at the boundary of the inventory (the whole site, before allocation), traceable to its record. */
export interface StageInput {
  /** The inventory section and line the figure is read from. */
  ref: string;
  description: string;
  /** The arithmetic as the inventory states it, e.g. "12 t × 250 kgCO2e/t". */
  calculation: string;
  kgCO2e: string;
  /** primary: measured at the site or supplier-specific (a signed supplier footprint); secondary: a factor set. */
  data: 'primary' | 'secondary';
}

export interface StageAtBoundary {
  stage: FootprintStage;
  method: string;
  locationKgCO2e: string;
  marketKgCO2e: string;
  inputs: StageInput[];
}

export interface ProductStageFigure {
  stage: FootprintStage;
  kgCO2ePerUnitLocation: string;
  kgCO2ePerUnitMarket: string;
  /** How the figure follows from the boundary figure: "boundary kg × share ÷ quantity". */
  trace: string;
}

export interface CradleToGateProduct {
  product: string;
  unit: string;
  declaredUnit: string;
  quantity: string;
  siteIds: (string | null)[];
  share: string;
  shareExact: string;
  stages: ProductStageFigure[];
  /** Cradle-to-gate total per declared unit: the exact sum of the stages, rounded once. */
  kgCO2ePerUnitLocation: string;
  kgCO2ePerUnitMarket: string;
  biogenicCO2KgPerUnit: string;
  /** The production stage per gas (as the inventory states its gases), per declared unit; absent without them. */
  byGas?: { gas: string; massKgPerUnit: string; co2eKgPerUnit: string }[];
}

export interface CradleToGateFootprint {
  format: 'nengtan-product-footprint/v2';
  standard: 'GB/T 24067-2024 / ISO 14067:2018';
  systemBoundary: 'cradle-to-gate';
  organisation: InventoryDocument['organisation'];
  period: InventoryDocument['period'];
  inventoryFormat: string;
  scope2: { primary: 'location-based'; statement: string };
  allocation: { method: AllocationMethod; statement: string; products: AllocatedCoProduct[] };
  stages: StageAtBoundary[];
  products: CradleToGateProduct[];
  exclusions: string[];
  biogenic: { boundaryCO2Kg: string; statement: string };
  byGasStatement?: string;
  dataQuality: {
    primaryShare: string;
    secondaryShare: string;
    estimatedShareOfSiteEmissions: string;
    statement: string;
  };
  rounding: string;
}

export interface FootprintOptions {
  allocation?: AllocationRequest;
  /** Only this product in `products` (allocation still over all co-products); unknown: NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN. */
  product?: string;
}

const KG_SCALE = 3;

const STAGE_METHODS: Record<FootprintStage, string> = {
  'raw-materials':
    'Raw material acquisition: purchased goods counted in Scope 3 category 1 of the inventory, quantity × the cradle-to-gate footprint the supplier shared (signed, backed by its notarized inventory), and goods without one as quantity (or CNY spent) × factor of the organisation’s Scope 3 factor set',
  'upstream-energy':
    'Upstream fuel and energy: Scope 3 category 3 of the inventory (well-to-tank of fuels burnt, transmission and distribution losses, other fuel- and energy-related activities), quantity × factor of the organisation’s Scope 3 factor set',
  'inbound-transport':
    'Inbound transport: Scope 3 category 4 of the inventory, t·km by mode (or CNY spent) × factor of the organisation’s Scope 3 factor set',
  production:
    'Production: Scope 1 plus Scope 2 of the inventory boundary; exported electricity and heat not credited; Scope 2 location-based (primary) and market-based',
};

const EXCLUSIONS = [
  'Offsets, CCER and other credits are not deducted (ISO 14067).',
  'Exported electricity and heat are not credited to the products.',
  'Downstream stages (distribution to customers, use, end of life) are outside a cradle-to-gate boundary.',
  'Business travel and employee commuting (Scope 3 categories 6 and 7) are not attributed to the products.',
  'Capital goods and purchased goods without a supplier footprint in the period are not included.',
];

const SCOPE2_STATEMENT =
  'ISO 14067 uses location-based electricity emissions unless contractual instruments meet the quality criteria (attribute conveyed, sole claim, retired for the buyer, matching period and market); both are stated, the location-based figure is the primary result and the market-based one applies only as far as the inventory’s instruments (green electricity certificates, supplier contracts) meet those criteria';

const ROUNDING =
  'Exact rational arithmetic from the decimal strings of the inventory document; each figure per declared unit rounded once, half to even, at 3 decimals (shares at 6), so the stages may differ from the total in the last place';

const STAGES: FootprintStage[] = ['raw-materials', 'upstream-energy', 'inbound-transport', 'production'];

function result(doc: InventoryDocument, key: string): Rational {
  const text = doc.results[key];
  if (typeof text !== 'string') {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `The inventory document has no result "${key}"`,
      hint: 'Compute the inventory again.',
    });
  }
  return parseRational(text);
}

function coProducts(doc: InventoryDocument) {
  if (doc.intensity.length === 0) {
    throw new NengtanError('NT_ERR_ACCOUNTING_NO_DATA', {
      message: 'The inventory lists no production volumes for its period: there is nothing to allocate emissions to',
      hint: 'Record what was produced in the period (POST /v1/production-volumes, with product, quantity and unit), then compute the inventory again.',
    });
  }
  const products = new Map<string, { unit: string; quantity: Rational; siteIds: (string | null)[] }>();
  for (const row of doc.intensity) {
    const { product, unit, quantity } = row;
    if (typeof product !== 'string' || typeof unit !== 'string' || typeof quantity !== 'string') {
      throw new NengtanError('NT_ERR_REQUEST_INVALID', {
        message: 'A production volume of the inventory lacks its product, unit or quantity',
        hint: 'Compute the inventory again.',
      });
    }
    const p = products.get(product) ?? { unit, quantity: ZERO, siteIds: [] };
    if (p.unit !== unit) {
      throw new NengtanError('NT_ERR_FOOTPRINT_ALLOCATION_KEY', {
        message: `Product "${product}" is recorded in more than one unit (${p.unit}, ${unit}): it has no declared unit`,
        hint: 'Record the volumes of one product in one unit (POST /v1/production-volumes) and compute the inventory again.',
      });
    }
    p.quantity = add(p.quantity, parseRational(quantity));
    const site = row.site ?? null;
    if (!p.siteIds.includes(site)) p.siteIds.push(site);
    products.set(product, p);
  }
  return products;
}

function purchasedInputs(section: PurchasedGoodsSection | undefined): StageInput[] {
  return (section?.lines ?? []).map((l) => ({
    ref: `scope3.category1PurchasedGoods purchase ${l.purchaseId}`,
    description: `${l.product} from ${l.supplier.name} (footprint share ${l.shareId}, ${l.basis}-based, supplier inventory ${l.supplierInventoryHash})`,
    calculation: `${l.quantity} ${l.unit} × ${l.kgCO2ePerUnit} kgCO2e/${l.unit}`,
    kgCO2e: l.kgCO2e,
    data: 'primary',
  }));
}

function categoryInputs(key: string, section: Scope3CategorySection | undefined): StageInput[] {
  return (section?.lines ?? []).map((l) => ({
    ref: `scope3.${key} ${l.from} ${l.ref}`,
    description: `${l.description} (${l.factor.setName} v${l.factor.setVersion}: ${l.factor.subject})`,
    calculation: `${l.quantity} ${l.unit} × ${l.factor.kgCO2ePerUnit} kgCO2e/${l.unit}`,
    kgCO2e: l.kgCO2e,
    data: 'secondary',
  }));
}

const kg = (x: Rational) => format(x, KG_SCALE);
const total = (inputs: StageInput[]) => sum(inputs.map((i) => parseRational(i.kgCO2e)));

/** The four stages at the inventory boundary (location- and market-based, equal except for production). */
function boundaryStages(doc: InventoryDocumentWithScope3) {
  const scope3 = doc.scope3;
  const scope1 = result(doc, 'scope1');
  const s2l = result(doc, 'scope2LocationBased');
  const s2m = result(doc, 'scope2MarketBased');
  const upstream: Record<Exclude<FootprintStage, 'production'>, StageInput[]> = {
    'raw-materials': [
      ...purchasedInputs(scope3?.category1PurchasedGoods),
      ...categoryInputs('category1PurchasedGoodsFactors', scope3?.category1PurchasedGoodsFactors),
    ],
    'upstream-energy': categoryInputs('category3FuelAndEnergy', scope3?.category3FuelAndEnergy),
    'inbound-transport': categoryInputs('category4UpstreamTransport', scope3?.category4UpstreamTransport),
  };
  const production: StageInput[] = [
    {
      ref: 'results.scope1',
      description: 'Scope 1: combustion, process, fugitive and mobile sources of the boundary',
      calculation: `${doc.results.scope1} kgCO2e`,
      kgCO2e: doc.results.scope1,
      data: 'primary',
    },
    {
      ref: 'results.scope2LocationBased',
      description: 'Scope 2, location-based: purchased electricity and heat × grid average factors',
      calculation: `${doc.results.scope2LocationBased} kgCO2e`,
      kgCO2e: doc.results.scope2LocationBased,
      data: 'primary',
    },
    {
      ref: 'results.scope2MarketBased',
      description: 'Scope 2, market-based (instead of location-based in the market-based figure)',
      calculation: `${doc.results.scope2MarketBased} kgCO2e`,
      kgCO2e: doc.results.scope2MarketBased,
      data: 'primary',
    },
  ];
  const exactTotals = new Map<FootprintStage, { location: Rational; market: Rational }>();
  const stages: StageAtBoundary[] = STAGES.map((stage) => {
    if (stage === 'production') {
      const location = add(scope1, s2l);
      const market = add(scope1, s2m);
      exactTotals.set(stage, { location, market });
      return {
        stage,
        method: STAGE_METHODS[stage],
        locationKgCO2e: kg(location),
        marketKgCO2e: kg(market),
        inputs: production,
      };
    }
    const inputs = upstream[stage];
    const t = total(inputs);
    exactTotals.set(stage, { location: t, market: t });
    return { stage, method: STAGE_METHODS[stage], locationKgCO2e: kg(t), marketKgCO2e: kg(t), inputs };
  });
  // Primary: the site's own (metered) Scope 1 and 2 and supplier-specific footprints; secondary: factor-set lines.
  const secondary = total(Object.values(upstream).flatMap((inputs) => inputs.filter((i) => i.data === 'secondary')));
  const all = sum([...exactTotals.values()].map((t) => t.location));
  return { stages, exactTotals, secondary, all };
}

/**
 * The cradle-to-gate carbon footprint (GB/T 24067 / ISO 14067) of each product of an inventory document, per
 * declared unit (one unit of production as recorded), by life-cycle stage: raw material acquisition (supplier
 * footprints of Scope 3 category 1), upstream fuel and energy (category 3), inbound transport (category 4) and
 * production (Scope 1 + 2, location- and market-based). The stages at the inventory boundary are allocated between
 * co-products by mass (default) or economic value, stated with their keys; offsets are excluded, biogenic CO2 is
 * reported apart, the production stage per gas where the inventory states gases. Exact rationals, each figure
 * traceable: boundary kg × share ÷ quantity, with the inventory lines behind the boundary kg.
 */
export function cradleToGateFootprint(
  doc: InventoryDocumentWithScope3,
  options: FootprintOptions = {},
): CradleToGateFootprint {
  const products = coProducts(doc);
  if (options.product !== undefined && !products.has(options.product)) {
    throw new NengtanError('NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN', {
      message: `The inventory has no production volume of "${options.product}"`,
    });
  }
  const request = options.allocation ?? { method: 'mass' };
  const allocated = allocateCoProducts(
    [...products].map(([product, p]) => ({ product, unit: p.unit, quantity: p.quantity })),
    request,
  );
  const { stages, exactTotals, secondary, all } = boundaryStages(doc);
  const biogenic = parseRational(doc.results.biomassCO2 ?? '0');
  const lines = allocated
    .filter((a) => options.product === undefined || a.product === options.product)
    .map((a): CradleToGateProduct => {
      const p = products.get(a.product)!;
      const share = parseRational(a.shareExact);
      const perUnit = (x: Rational) => div(mul(x, share), p.quantity);
      let location = ZERO;
      let market = ZERO;
      const figures = STAGES.map((stage): ProductStageFigure => {
        const t = exactTotals.get(stage)!;
        location = add(location, perUnit(t.location));
        market = add(market, perUnit(t.market));
        const boundary = stages.find((s) => s.stage === stage)!;
        return {
          stage,
          kgCO2ePerUnitLocation: kg(perUnit(t.location)),
          kgCO2ePerUnitMarket: kg(perUnit(t.market)),
          trace:
            boundary.locationKgCO2e === boundary.marketKgCO2e
              ? `${boundary.locationKgCO2e} kgCO2e × ${a.shareExact} ÷ ${exact(p.quantity)} ${p.unit}`
              : `(${boundary.locationKgCO2e} location-based | ${boundary.marketKgCO2e} market-based) kgCO2e × ${a.shareExact} ÷ ${exact(p.quantity)} ${p.unit}`,
        };
      });
      return {
        product: a.product,
        unit: p.unit,
        declaredUnit: `1 ${p.unit}`,
        quantity: format(p.quantity, 6),
        siteIds: p.siteIds,
        share: a.share,
        shareExact: a.shareExact,
        stages: figures,
        kgCO2ePerUnitLocation: kg(location),
        kgCO2ePerUnitMarket: kg(market),
        biogenicCO2KgPerUnit: kg(perUnit(biogenic)),
        ...(doc.byGas
          ? {
              byGas: doc.byGas.gases.map((g) => ({
                gas: g.gas,
                massKgPerUnit: kg(perUnit(parseRational(g.massKg))),
                co2eKgPerUnit: kg(perUnit(parseRational(g.co2eKg))),
              })),
            }
          : {}),
      };
    });
  const pct = (x: Rational) => format(mul(x, parseRational('100')), 2);
  const secondaryShare = compare(all, ZERO) > 0 ? div(secondary, all) : ZERO;
  return {
    format: 'nengtan-product-footprint/v2',
    standard: 'GB/T 24067-2024 / ISO 14067:2018',
    systemBoundary: 'cradle-to-gate',
    organisation: doc.organisation,
    period: doc.period,
    inventoryFormat: doc.format,
    scope2: { primary: 'location-based', statement: SCOPE2_STATEMENT },
    allocation: { method: request.method, statement: allocationStatement(request.method), products: allocated },
    stages,
    products: lines,
    exclusions: EXCLUSIONS,
    biogenic: {
      boundaryCO2Kg: kg(biogenic),
      statement:
        'Biogenic CO2 (biomass burnt on site) is reported per declared unit apart from the footprint, not in the stages or totals',
    },
    ...(doc.byGas
      ? {
          byGasStatement: `Production stage per gas as the inventory states it (${doc.byGas.statement}); the upstream stages are known in CO2e only`,
        }
      : {}),
    dataQuality: {
      primaryShare: compare(all, ZERO) > 0 ? pct(sub(ONE, secondaryShare)) : '0.00',
      secondaryShare: pct(secondaryShare),
      estimatedShareOfSiteEmissions: doc.dataQuality.estimatedShareOfEmissions,
      statement:
        'Share of the location-based cradle-to-gate footprint from primary data (the site’s metered Scope 1 and 2, supplier-specific footprints) and from secondary data (average or spend-based factors of the organisation’s Scope 3 factor sets); the share of site emissions from estimated readings is the inventory’s',
    },
    rounding: ROUNDING,
  };
}
