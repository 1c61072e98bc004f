// Interop with a standard Ethereum wallet (ethers 6), independent of Breakwater's C# signer.
//   node attestation.mjs sign   <privateKeyHex> <chainId> <guard> '<message json>'  -> prints the 65-byte signature
//   node attestation.mjs verify <chainId> <guard> '<message json>' <signature>      -> prints the recovered address
// The message fields are the node's Attestation: market, level, incident (bytes32 hex), durationSeconds, nonce, expiry.
import { Wallet, verifyTypedData } from 'ethers';

const types = {
  Attestation: [
    { name: 'market', type: 'uint256' }, { name: 'level', type: 'uint256' }, { name: 'incident', type: 'bytes32' },
    { name: 'durationSeconds', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' },
  ],
};
const domain = (chainId, guard) => ({ name: 'Breakwater', version: '1', chainId: BigInt(chainId), verifyingContract: guard });

const [mode, ...args] = process.argv.slice(2);
try {
  if (mode === 'sign') {
    const [key, chainId, guard, message] = args;
    console.log(await new Wallet(key).signTypedData(domain(chainId, guard), types, JSON.parse(message)));
  } else if (mode === 'verify') {
    const [chainId, guard, message, signature] = args;
    console.log(verifyTypedData(domain(chainId, guard), types, JSON.parse(message), signature));
  } else {
    console.error('usage: attestation.mjs sign KEY CHAIN_ID GUARD MESSAGE_JSON | verify CHAIN_ID GUARD MESSAGE_JSON SIGNATURE');
    process.exit(2);
  }
} catch (e) {
  console.error(`attestation.mjs: ${e.message}`);
  process.exit(1);
}
