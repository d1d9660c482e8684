import type { FootprintStage } from './cradleToGateFootprint';
import type { AllocationMethod } from './coProductAllocation';
import type { ReportLanguage } from './reportLabels';

/** The words of the cradle-to-gate product footprint report that the other reports do not print, per language. */
const EN = {
  subtitle: 'Cradle-to-gate product carbon footprint after GB/T 24067-2024 / ISO 14067:2018',
  boundaryTitle: 'System boundary and life-cycle stages',
  boundaryText:
    'Cradle-to-gate: raw material acquisition (purchased goods with the footprint their suppliers shared), upstream fuel and energy, inbound transport and production at the sites of the inventory. The stage figures below are those of the whole boundary, before allocation.',
  stage: 'Life-cycle stage',
  method: 'Method',
  boundaryLocation: 'Boundary, location-based (kgCO2e)',
  boundaryMarket: 'Boundary, market-based (kgCO2e)',
  scope2Basis: 'Scope 2 basis',
  allocationMethod: 'Allocation method',
  allocationKey: 'Allocation key',
  allocatedAmount: 'Quantity × key',
  keyFromUnit: 'from the recorded unit',
  keyGiven: 'given',
  resultsTitle: 'Carbon footprint per declared unit, by stage (kgCO2e per declared unit)',
  totalLocation: 'Total, location-based',
  totalMarket: 'Total, market-based',
  productionMarket: 'Production, market-based',
  biogenicTitle: 'Biogenic CO2 and greenhouse gases',
  biogenicPerUnit: 'Biogenic CO2 (kg per declared unit, not in the footprint)',
  gas: 'Gas',
  massPerUnit: 'Mass (kg per declared unit)',
  co2ePerUnit: 'CO2e (kg per declared unit)',
  noGases: 'The inventory states no results per gas; the footprint is in CO2e only.',
  dataQualityTitle: 'Data quality and limitations',
  primaryShare: 'Primary data (share of the location-based footprint)',
  secondaryShare: 'Secondary data (share of the location-based footprint)',
  estimatedShare: 'Estimated readings (share of site emissions)',
  traceTitle: 'Inputs behind each stage',
  reference: 'Inventory line',
  description: 'Description',
  calculation: 'Calculation',
  dataType: 'Data',
  primary: 'primary',
  secondary: 'secondary',
  traceNote:
    'Each figure per declared unit = boundary figure of its stage × allocation share ÷ quantity produced; the boundary figure is the sum of the lines below.',
  noInputs: 'none in the period',
  exclusions: [
    'Offsets (e.g. CCER) and other compensation are not deducted (ISO 14067).',
    'Exported electricity and heat are not credited to the products.',
    'Downstream stages (distribution to customers, use, end of life) are outside a cradle-to-gate boundary.',
    'Business travel and employee commuting (Scope 3 categories 6 and 7) are not attributed to the products.',
    'Capital goods, and purchased goods without a supplier footprint in the period, are not included.',
  ],
  scope2Text:
    'ISO 14067 uses location-based electricity emissions unless contractual instruments meet the quality criteria; both are shown, location-based is the primary result, market-based counts green electricity certificates and supplier contracts as far as they meet the criteria.',
  stages: {
    'raw-materials': 'Raw material acquisition',
    'upstream-energy': 'Upstream fuel and energy',
    'inbound-transport': 'Inbound transport',
    production: 'Production (Scope 1 + Scope 2)',
  } satisfies Record<FootprintStage, string>,
  methods: { mass: 'physical: mass', economic: 'economic value' } satisfies Record<AllocationMethod, string>,
  stop: '. ',
  stageMethods: {
    'raw-materials':
      'Purchased goods in Scope 3 category 1 of the inventory: quantity × the cradle-to-gate footprint the supplier shared (signed, backed by its notarized inventory); goods without one: quantity (or CNY spent) × factor of the organisation’s Scope 3 factor set.',
    'upstream-energy':
      'Scope 3 category 3 of the inventory (well-to-tank of fuels burnt, transmission and distribution losses, other fuel- and energy-related activities): quantity × factor of the organisation’s Scope 3 factor set.',
    'inbound-transport':
      'Scope 3 category 4 of the inventory: t·km by mode (or CNY spent) × factor of the organisation’s Scope 3 factor set.',
    production:
      'Scope 1 plus Scope 2 of the inventory boundary; exported electricity and heat not credited; Scope 2 location-based (primary) and market-based.',
  } satisfies Record<FootprintStage, string>,
  allocationStatements: {
    mass: 'ISO 14067 allocation procedure: allocation cannot be avoided here (one site inventory, no subdivision per product), so the emissions are partitioned by the underlying physical relationship, the mass of each co-product in the period (quantity × kg per unit).',
    economic:
      'ISO 14067 allocation procedure: allocation cannot be avoided and is made by economic value (quantity × CNY per unit), which the standard allows where a physical relationship cannot be established or used.',
  } satisfies Record<AllocationMethod, string>,
  rounding:
    'Exact rational arithmetic from the decimal strings of the inventory document; each figure per declared unit is rounded once, half to even, at 3 decimals (shares at 6), so the stages may differ from the total in the last place.',
  biogenicNote:
    'Biogenic CO2 (biomass burnt on site) is reported apart from the footprint, not in the stages or totals.',
  gasesNote:
    'The production stage per gas, as the inventory states its gases (net location-based, exports deducted from CO2); the upstream stages are known in CO2e only.',
  qualityNote:
    'Primary data: the site’s metered Scope 1 and 2 and supplier-specific footprints; secondary data: average or spend-based factors of the organisation’s Scope 3 factor sets.',
};

const ZH: typeof EN = {
  subtitle: '依据 GB/T 24067-2024 / ISO 14067:2018 的“从摇篮到大门”产品碳足迹',
  boundaryTitle: '系统边界与生命周期阶段',
  boundaryText:
    '从摇篮到大门：原材料获取（外购物料，采用供应商共享的碳足迹）、上游燃料与能源、入厂运输，以及盘查边界内各厂区的生产。下表为整个边界在分配之前的各阶段数值。',
  stage: '生命周期阶段',
  method: '方法',
  boundaryLocation: '边界合计，基于位置（kgCO2e）',
  boundaryMarket: '边界合计，基于市场（kgCO2e）',
  scope2Basis: '范围二口径',
  allocationMethod: '分配方法',
  allocationKey: '分配依据',
  allocatedAmount: '产量 × 分配依据',
  keyFromUnit: '由记录单位得出',
  keyGiven: '用户给定',
  resultsTitle: '分阶段的单位声明单位碳足迹（kgCO2e/声明单位）',
  totalLocation: '合计，基于位置',
  totalMarket: '合计，基于市场',
  productionMarket: '生产，基于市场',
  biogenicTitle: '生物源二氧化碳与温室气体',
  biogenicPerUnit: '生物源 CO2（kg/声明单位，不计入碳足迹）',
  gas: '气体',
  massPerUnit: '质量（kg/声明单位）',
  co2ePerUnit: 'CO2e（kg/声明单位）',
  noGases: '该盘查未分气体报告结果；碳足迹仅以 CO2e 表示。',
  dataQualityTitle: '数据质量与局限',
  primaryShare: '初级数据（占基于位置碳足迹的比例）',
  secondaryShare: '次级数据（占基于位置碳足迹的比例）',
  estimatedShare: '估算读数（占厂区排放的比例）',
  traceTitle: '各阶段的输入数据',
  reference: '盘查条目',
  description: '说明',
  calculation: '计算',
  dataType: '数据类型',
  primary: '初级',
  secondary: '次级',
  traceNote: '每个单位声明单位的数值 = 该阶段边界数值 × 分配比例 ÷ 产量；边界数值为下列各行之和。',
  noInputs: '本期无',
  exclusions: [
    '不扣减抵消（如 CCER）及其他补偿（ISO 14067）。',
    '输出的电力和热力不抵扣产品排放。',
    '下游阶段（向客户分销、使用、废弃处置）不在“从摇篮到大门”边界之内。',
    '差旅与员工通勤（范围三类别 6、7）不分摊给产品。',
    '不包括资本货物，以及本期没有供应商碳足迹的外购物料。',
  ],
  scope2Text:
    'ISO 14067 采用基于位置的电力排放，除非合同工具满足质量要求；两者均列出，以基于位置为主要结果，基于市场的结果仅在绿证和供电合同满足要求的范围内计入。',
  stages: {
    'raw-materials': '原材料获取',
    'upstream-energy': '上游燃料与能源',
    'inbound-transport': '入厂运输',
    production: '生产（范围一 + 范围二）',
  },
  methods: { mass: '物理关系：质量', economic: '经济价值' },
  stop: '。',
  stageMethods: {
    'raw-materials':
      '盘查范围三类别 1 的外购物料：采购量 × 供应商共享的“从摇篮到大门”碳足迹（已签名，并有其已存证的盘查为依据）；无供应商碳足迹的物料：数量（或支出金额）× 本组织范围三因子集中的因子。',
    'upstream-energy':
      '盘查范围三类别 3（所燃燃料的开采、炼制与运输，输配电损耗，其他燃料和能源相关活动）：数量 × 本组织范围三因子集中的因子。',
    'inbound-transport': '盘查范围三类别 4：按运输方式的吨公里（或支出金额）× 本组织范围三因子集中的因子。',
    production: '盘查边界的范围一加范围二；输出的电力和热力不抵扣；范围二基于位置（主要结果）和基于市场。',
  },
  allocationStatements: {
    mass: 'ISO 14067 分配程序：此处无法避免分配（一个厂区盘查，无法按产品细分），因此按内在的物理关系，即本期各联产品的质量（产量 × 每单位千克数）分配排放。',
    economic:
      'ISO 14067 分配程序：无法避免分配，按经济价值（产量 × 每单位价格）分配；标准允许在无法建立或使用物理关系时采用。',
  },
  rounding:
    '依据盘查文件中的十进制数值精确有理数计算；每个单位声明单位的数值只舍入一次（四舍六入五成双，保留 3 位小数，分配比例 6 位），因此各阶段之和与合计在最后一位可能不同。',
  biogenicNote: '生物源 CO2（厂内燃烧的生物质）单独报告，不计入各阶段或合计。',
  gasesNote:
    '生产阶段按气体列出，与盘查的分气体结果一致（基于位置的净排放，输出已从 CO2 中扣减）；上游阶段仅有 CO2e 数值。',
  qualityNote:
    '初级数据：厂区计量的范围一、范围二和供应商特定碳足迹；次级数据：本组织范围三因子集中的平均或基于支出的因子。',
};

export type FootprintLabels = typeof EN;

export const footprintLabels = (lang: ReportLanguage): FootprintLabels => (lang === 'zh' ? ZH : EN);
