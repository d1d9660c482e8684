/** The proof receipt, format nengtan-receipt/v1 (ARCHITECTURE.md §5, README: verifying a receipt by hand). */
export interface Receipt {
  format: 'nengtan-receipt/v1';
  reading: {
    id: number;
    organisation: string;
    meter: { id: string; externalId: string };
    energyKind: string;
    flow: string;
    intervalStart: string;
    intervalEnd: string;
    quantity: string;
    unit: string;
    flags: number;
    flagNames: string[];
    revision: number;
    /** The raw readings behind the value, as received; their item hashes fold into rawHash. */
    raw: { id: number; timeField: string; time: string; timeMs: number; value: string; unit: string; status: string }[];
    rawHash: string;
    signatureHash: string;
  };
  leafNames: string[];
  leafTypes: string[];
  leafValues: (string | number)[];
  leaf: string;
  proof: string[];
  root: string;
  batch: { id: string; leafCount: number; index: number; start: string; end: string };
  anchor: {
    chainId: number;
    contract: string;
    txHash: string;
    blockNumber: number;
    blockHash: string;
    timestamp: string;
  };
}
