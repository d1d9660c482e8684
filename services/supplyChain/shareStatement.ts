import { verifyMessage } from 'ethers';
import { canonicalJson } from '../lib/canonicalJson';
import type { AllocationRequest } from '../reports/coProductAllocation';

/** What a supplier signs when it shares a product footprint: every figure and reference the customer relies on. */
export interface ShareStatementFields {
  shareId: string;
  supplierOrgId: string;
  customerOrgId: string;
  product: string;
  unit: string;
  basis: 'location' | 'market';
  kgCO2ePerUnit: string;
  inventoryId: string;
  inventoryHash: string;
  chainInventoryId: string;
  notarizedTx: string;
  /**
   * Absent: version 1, the gate-to-gate site footprint allocated by production volume (shares made before version 2
   * keep this meaning and statement). 2: the cradle-to-gate product footprint with the allocation signed beside it.
   */
  footprintVersion?: 2;
  allocation?: AllocationRequest;
}

const PREFIX = 'Nengtan product footprint share v1\n';
const PREFIX_V2 = 'Nengtan product footprint share v2\n';

/**
 * The text signed with EIP-191 (personal_sign): a fixed first line, then the RFC 8785 canonical JSON of the fields.
 * Rebuilt from the stored share at verification, so a changed field no longer matches the signature.
 */
export function shareStatement(fields: ShareStatementFields): string {
  const { footprintVersion, allocation, ...common } = fields;
  if (footprintVersion !== 2) return PREFIX + canonicalJson({ format: 'nengtan-footprint-share/v1', ...common });
  return (
    PREFIX_V2 +
    canonicalJson({
      format: 'nengtan-footprint-share/v2',
      ...common,
      footprint: {
        standard: 'GB/T 24067-2024 / ISO 14067:2018',
        boundary: 'cradle-to-gate',
        allocation: { method: allocation?.method ?? 'mass', keys: allocation?.keys ?? {} },
      },
    })
  );
}

/** Whether `signature` over the statement of `fields` was made by `signer` (address, any case). */
export function statementSignedBy(fields: ShareStatementFields, signature: string, signer: string): boolean {
  try {
    return verifyMessage(shareStatement(fields), signature).toLowerCase() === signer.toLowerCase();
  } catch {
    return false;
  }
}
