import { verifyMessage } from 'ethers';
import { canonicalJson } from '../lib/canonicalJson';

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
}

const PREFIX = 'Nengtan product footprint share v1\n';

/**
 * The text signed with EIP-191 (personal_sign): a fixed first line, then the RFC 8785 canonical JSON of the fields.
 * Rebuilt from the stored share at verification, so a changed field no longer matches the signature.
 */
export function shareStatement(fields: ShareStatementFields): string {
  return PREFIX + canonicalJson({ format: 'nengtan-footprint-share/v1', ...fields });
}

/** Whether `signature` over the statement of `fields` was made by `signer` (address, any case). */
export function statementSignedBy(fields: ShareStatementFields, signature: string, signer: string): boolean {
  try {
    return verifyMessage(shareStatement(fields), signature).toLowerCase() === signer.toLowerCase();
  } catch {
    return false;
  }
}
