import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { standardCoalKg } from '../accounting/formulas';
import { add, format, parseRational, ZERO, type Rational } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { memberDocuments } from './memberDocuments';
import { allocateShares } from './allocateShares';
import { listUtilities, type ParkUtility } from './parkUtilities';

const SCALE = 3;
const HEAT_KINDS = new Set(['heat', 'steam']);

export type ParkFlowNodeKind = 'purchased' | 'utility' | 'member' | 'export';
export interface ParkFlowNode {
  id: string;
  kind: ParkFlowNodeKind;
  name: string;
}
export interface ParkFlowLink {
  source: string;
  target: string;
  /** kgce, 3 decimals. */
  kgce: string;
}

export interface UtilityAllocation {
  utility: { id: string; name: string; energyKind: string; unit: string; allocation: ParkUtility['allocation'] };
  /** The outputs recorded for periods inside the flow's period, summed. */
  output: string;
  outputKgce: string;
  members: { memberId: string; name: string; weight: string; quantity: string; kgce: string }[];
}

/**
 * A member's metered consumption of an energy kind in the period, kgce, from its own inventory's source lines (the
 * aggregate it granted): the weight of a metered allocation.
 */
function consumedKgce(document: Awaited<ReturnType<typeof memberDocuments>>[number]['document'], kind: string) {
  let total = ZERO;
  for (const line of document?.sources ?? [])
    if (line.scope !== 'deducted' && line.energyKind === kind) total = add(total, parseRational(line.energyKgce));
  return total;
}

/**
 * The park's energy flow over [from, to) in kgce: energy the members bought, by kind → each consenting member →
 * what it exported, by kind (all from each member's own inventory preview, never from its meters), and each park
 * utility's output shared out to the members by their metered consumption of its energy kind or by its fixed key,
 * exactly (the parts add up to the output, largest remainders at 10^-3). Members that left are not read.
 */
export async function parkEnergyFlow(db: Queryable, parkId: string, period: { from: string; to: string }) {
  const members = await memberDocuments(db, parkId, period);
  const factors = await factorSourceFromSet(db, parkId, DEFAULT_FACTOR_SET_ID);
  const nodes = new Map<string, ParkFlowNode>();
  const links: ParkFlowLink[] = [];
  const node = (id: string, kind: ParkFlowNodeKind, name: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, kind, name });
    return id;
  };
  const link = (source: string, target: string, kgce: Rational) => {
    if (kgce.n > 0n) links.push({ source, target, kgce: format(kgce, SCALE) });
  };

  for (const { member, document } of members) {
    const memberNode = node(`member:${member.id}`, 'member', member.name);
    const bought = new Map<string, Rational>();
    const sold = new Map<string, Rational>();
    for (const line of document?.sources ?? []) {
      const into = line.scope === 'deducted' ? sold : bought;
      into.set(line.energyKind, add(into.get(line.energyKind) ?? ZERO, parseRational(line.energyKgce)));
    }
    for (const [kind, kgce] of [...bought].sort(([a], [b]) => (a < b ? -1 : 1)))
      link(node(`purchased:${kind}`, 'purchased', kind), memberNode, kgce);
    for (const [kind, kgce] of [...sold].sort(([a], [b]) => (a < b ? -1 : 1)))
      link(memberNode, node(`export:${kind}`, 'export', kind), kgce);
  }

  const allocations: UtilityAllocation[] = [];
  for (const utility of await listUtilities(db, parkId)) {
    const output = utility.outputs
      .filter((o) => o.periodStart >= period.from && o.periodEnd <= period.to)
      .reduce((s, o) => add(s, parseRational(o.quantity)), ZERO);
    const takers =
      utility.allocation === 'fixed'
        ? utility.key.map((k) => ({ memberId: k.memberId, name: k.name, weight: parseRational(k.weight) }))
        : members.map(({ member, document }) => ({
            memberId: member.id,
            name: member.name,
            weight: consumedKgce(document, utility.energyKind),
          }));
    const outputText = format(output, SCALE);
    const quantities = allocateShares(
      outputText,
      takers.map((t) => t.weight),
      SCALE,
    );
    const coefficient = factors.standardCoal(HEAT_KINDS.has(utility.energyKind) ? 'heat' : utility.energyKind);
    const kgceOf = (q: string) => standardCoalKg(parseRational(q), utility.unit, coefficient);
    const utilityNode = node(`utility:${utility.id}`, 'utility', utility.name);
    const shares = takers.map((t, i) => ({
      memberId: t.memberId,
      name: t.name,
      weight: format(t.weight, SCALE),
      quantity: quantities[i],
      kgce: format(kgceOf(quantities[i]), SCALE),
    }));
    for (const s of shares) link(utilityNode, node(`member:${s.memberId}`, 'member', s.name), kgceOf(s.quantity));
    allocations.push({
      utility: {
        id: utility.id,
        name: utility.name,
        energyKind: utility.energyKind,
        unit: utility.unit,
        allocation: utility.allocation,
      },
      output: outputText,
      outputKgce: format(kgceOf(outputText), SCALE),
      members: shares,
    });
  }
  return { period, unit: 'kgce' as const, nodes: [...nodes.values()], links, utilities: allocations };
}
