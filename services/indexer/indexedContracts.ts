import { Interface } from 'ethers';
import type { Deployment } from '../chain/deployment';
import {
  AnchorRegistry__factory,
  CarbonAllowance__factory,
  GreenCertificate__factory,
  TradeLedger__factory,
  InventoryRegistry__factory,
  ParticipantRegistry__factory,
} from '../../types/contracts';

export interface IndexedContract {
  /** Contract name, stored with each event. */
  name: string;
  address: string;
  iface: Interface;
}

/** Nengtan's deployed contracts whose events the indexer mirrors, from the deployment record. */
export function indexedContracts(deployment: Deployment): IndexedContract[] {
  const contracts: IndexedContract[] = [
    {
      name: 'ParticipantRegistry',
      address: deployment.participantRegistry,
      iface: new Interface(ParticipantRegistry__factory.abi),
    },
    { name: 'AnchorRegistry', address: deployment.anchorRegistry, iface: new Interface(AnchorRegistry__factory.abi) },
  ];
  if (deployment.inventoryRegistry) {
    contracts.push({
      name: 'InventoryRegistry',
      address: deployment.inventoryRegistry,
      iface: new Interface(InventoryRegistry__factory.abi),
    });
  }
  const market = [
    ['CarbonAllowance', deployment.carbonAllowance, CarbonAllowance__factory.abi],
    ['GreenCertificate', deployment.greenCertificate, GreenCertificate__factory.abi],
    ['TradeLedger', deployment.tradeLedger, TradeLedger__factory.abi],
  ] as const;
  for (const [name, address, abi] of market) {
    if (address) contracts.push({ name, address, iface: new Interface(abi) });
  }
  return contracts;
}
