import type { ErrorDescription } from 'ethers';

type Args = ErrorDescription['args'];
const time = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();

/**
 * What a contract refusal means, in words a participant reads without the contract interfaces at hand. Keyed by the
 * custom error's name; the arguments are the error's, in the order of its declaration in contracts/interfaces.
 */
const WORDS: Record<string, (a: Args) => string> = {
  CarbonAllowanceUnauthorizedAuthority: (a) => `account ${a[0]} is not the account of an active authority`,
  CarbonAllowanceNotEnterprise: (a) => `account ${a[0]} is not the account of an active enterprise`,
  CarbonAllowanceInactiveParticipant: (a) =>
    `account ${a[0]} belongs to no active participant, so it may not send, receive or approve tokens`,
  CarbonAllowanceInvalidYear: () => 'year 0 does not exist',
  CarbonAllowanceYearExists: (a) => `compliance year ${a[0]} is open already`,
  CarbonAllowanceUnknownYear: (a) => `compliance year ${a[0]} has not been opened`,
  CarbonAllowanceInvalidPeriod: (a) => `the period of compliance year ${a[0]} is empty or inverted`,
  CarbonAllowanceInvalidDeadline: (a) =>
    `the surrender deadline of ${a[0]} must not be before the end of its period (${time(a[1])}) nor move earlier`,
  CarbonAllowanceOffsetCapOutOfRange: (a) => `an offset cap of ${a[0]} basis points is above 100 %`,
  CarbonAllowanceYearClosed: (a) => `the surrender deadline of ${a[0]} passed at ${time(a[1])}`,
  CarbonAllowanceZeroAmount: (a) => `zero tokens cannot be allocated or issued to ${a[0]}`,
  CarbonAllowanceInvalidOffset: () => 'an offset needs a programme code and a vintage',
  CarbonAllowanceOffsetExists: (a) => `offset ${a[0]} is registered already`,
  CarbonAllowanceUnknownOffset: (a) => `offset ${a[0]} is not a registered offset`,
  CarbonAllowanceEmptySurrender: (a) => `the surrender for ${a[1]} holds neither allowances nor offsets`,
  CarbonAllowanceEmissionsNotVerified: (a) => `emissions for ${a[1]} are not verified yet`,
  CarbonAllowanceOverSurrender: (a) =>
    `surrendering ${a[4]} t more for ${a[1]} would exceed the obligation of ${a[2]} t (${a[3]} t surrendered already)`,
  CarbonAllowanceOffsetCapExceeded: (a) => `offsets for ${a[1]} would reach ${a[2]} t, above the cap of ${a[3]} t`,
  TradeLedgerUnauthorizedAuthority: (a) => `account ${a[0]} is not the account of an active authority`,
  TradeLedgerUnauthorizedExchange: (a) => `account ${a[0]} is not the account of an active exchange`,
  TradeLedgerAssetNotListed: (a) => `token contract ${a[0]} is not listed for trading`,
  TradeLedgerInactiveParticipant: (a) => `account ${a[0]} belongs to no active participant`,
  TradeLedgerSameOrganisation: () => 'buyer and seller are the same organisation',
  TradeLedgerInvalidTerms: () => 'a trade needs a quantity, a price, a currency and a payment reference',
  TradeLedgerZeroReference: () => 'a trade needs a reference',
  TradeLedgerTradeExists: (a) => `trade ${a[0]} is recorded already`,
  TradeLedgerUnknownTrade: (a) => `trade ${a[0]} is not recorded`,
  TradeLedgerNotParty: (a) => `account ${a[0]} is not a party to the deal`,
  TradeLedgerDealExpired: (a) => `the deal expired at ${time(a[1])}`,
  TradeLedgerInvalidSignature: (a) => `the deal's signature by ${a[1]} is not valid`,
  GreenCertificateUnauthorizedIssuer: (a) => `account ${a[0]} is not the account of an active certificate issuer`,
  GreenCertificateWrongIssuer: (a) => `device ${a[2]} is registered by another certificate issuer`,
  GreenCertificateDeviceExists: (a) => `device ${a[0]} is registered already`,
  GreenCertificateUnknownDevice: (a) => `device ${a[0]} is not registered`,
  GreenCertificateIncompleteDevice: (a) => `device ${a[0]} needs a technology, a region and a capacity`,
  GreenCertificateInactiveOrganisation: (a) => `organisation ${a[0]} is not an active participant`,
  GreenCertificateInactiveParticipant: (a) => `account ${a[0]} belongs to no active participant`,
  GreenCertificateRecipientNotOwner: (a) => `certificates of device ${a[0]} go only to the device's owner`,
  GreenCertificateInvalidGenerationPeriod: (a) => `the generation period of device ${a[0]} is empty or inverted`,
  GreenCertificateGenerationNotEnded: (a) => `the generation period of device ${a[0]} ends at ${time(a[1])}`,
  GreenCertificateOverlappingIssuance: (a) =>
    `certificates of device ${a[0]} are issued until ${time(a[2])} already; the period overlaps`,
  GreenCertificateZeroQuantity: () => 'an issuance of zero certificates',
  GreenCertificateExceedsCapacity: (a) => `${a[1]} MWh is more than device ${a[0]} can generate (${a[2]} MWh)`,
  GreenCertificateUnknownCertificate: (a) => `certificate ${a[0]} is not issued`,
  GreenCertificateZeroAmount: (a) => `a claim or revocation of zero of certificate ${a[0]}`,
  GreenCertificateInvalidConsumptionPeriod: (a) =>
    `the consumption period of the claim of ${a[0]} is empty or inverted`,
  GreenCertificateClaimOutsideWindow: (a) => `certificate ${a[0]} cannot be claimed for that consumption period`,
  GreenCertificateEmptyReason: (a) => `revoking certificate ${a[0]} needs a reason`,
  ERC1155InsufficientBalance: (a) => `account ${a[0]} holds ${a[1]} of token ${a[3]}, and ${a[2]} are needed`,
  ERC1155MissingApprovalForAll: (a) => `${a[1]} has not let ${a[0]} move its tokens`,
  InventoryRegistryPeriodNotEnded: (a) => `the period ends at ${time(a[0])}; it can be notarized after that`,
  InventoryRegistryAlreadySubmitted: () => 'an inventory of this period is notarized already; restate it instead',
  InventoryRegistryVerifierNotIndependent: () => 'the verifier is not independent of the enterprise',
  InventoryRegistryNotAssignedVerifier: (a) => `account ${a[1]} is not the verifier assigned to the inventory`,
  InventoryRegistryAlreadyAttested: () => 'the verifier has attested this inventory already',
};

/**
 * The contract refusal in words followed by the contract error as the contract raised it, e.g.
 * `emissions for 2026 are not verified yet (CarbonAllowanceEmissionsNotVerified(0x…, 2026, 0x…))`.
 */
export function contractRefusalMessage(revert: { name: string; args: Args | readonly unknown[] }): string {
  const raised = `${revert.name}(${revert.args.map((a) => String(a)).join(', ')})`;
  const words = WORDS[revert.name]?.(revert.args as Args);
  return words ? `${words} (${raised})` : `The contract refused: ${raised}`;
}
