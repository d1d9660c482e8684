import { abiEncode } from '../lib/abiEncode';
import { keccak256 } from '../lib/keccak';

/** The bytes32 id of a batch on chain: keccak256(abi.encode(bytes32 organisation chain id, uint256 seq)). */
export function batchChainId(orgChainId: Uint8Array, seq: number): Uint8Array {
  return keccak256(abiEncode(['bytes32', 'uint256'], ['0x' + Buffer.from(orgChainId).toString('hex'), seq]));
}
