import { Interface, type ErrorDescription } from 'ethers';
import {
  AnchorRegistry__factory,
  CarbonAllowance__factory,
  GreenCertificate__factory,
  InventoryRegistry__factory,
  ParticipantRegistry__factory,
  TradeLedger__factory,
} from '../../types/contracts';

// Every custom error of every Nengtan contract (and the OpenZeppelin errors they inherit), in one interface: a revert
// that surfaces outside the contract's own call path (estimateGas in a signer, a nested call into another contract)
// carries only its data.
const ALL_ERRORS = new Interface(
  [
    AnchorRegistry__factory.abi,
    CarbonAllowance__factory.abi,
    GreenCertificate__factory.abi,
    InventoryRegistry__factory.abi,
    ParticipantRegistry__factory.abi,
    TradeLedger__factory.abi,
  ]
    .flat()
    .filter((fragment, i, all) => {
      if (fragment.type !== 'error') return false;
      const signature = `${fragment.name}(${(fragment.inputs ?? []).map((input) => input.type).join(',')})`;
      return (
        all.findIndex(
          (f) =>
            f.type === 'error' && `${f.name}(${(f.inputs ?? []).map((input) => input.type).join(',')})` === signature,
        ) === i
      );
    }),
);

/** The Nengtan contract error encoded in revert data, if it is one. */
export function decodeContractError(data: unknown): ErrorDescription | null {
  if (typeof data !== 'string' || !/^0x[0-9a-fA-F]{8}/.test(data)) return null;
  try {
    return ALL_ERRORS.parseError(data);
  } catch {
    return null;
  }
}
