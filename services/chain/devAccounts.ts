import { HDNodeWallet, Mnemonic } from 'ethers';

/**
 * The embedded chain's accounts: Hardhat's well-known development mnemonic. They hold no value anywhere and are
 * public knowledge; they exist only so that `npm start` needs no keys. Production sets SIGNER_KEY (and deploys with
 * its own authority key).
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export function devAccount(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

/** Roles of the embedded chain's accounts. */
export const DEV_ROLES = { authority: 0, anchorer: 1 } as const;
