#!/usr/bin/env node
// Checks a Breakwater account proof (GET /v1/accounts/{id}/proof) or market proof (GET /v1/markets/{id}/proof) against
// the root over accounts and markets, with nothing but Node's crypto module: a user holding a root from the node's event
// stream (event "root") needs to trust neither the node nor this repository's .NET code. Hash rule (AccountTree):
// leaf = SHA-256(0x00 ‖ canonical bytes), empty leaf = 32 zero bytes, inner = SHA-256(0x01 ‖ left ‖ right), key = the 64
// bits of the account id (a market: 2^63 + its id), least significant bit at the leaf's level (0 = left child).
//
// usage: node verify-proof.mjs PROOF.json [--root HEX]     (PROOF.json: the endpoint's answer; "-" = stdin)
// exit:  0 the proof holds (and prints the account), 1 it does not, 2 bad input
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (s, what) => {
  if (typeof s !== 'string' || !/^(0x)?([0-9a-f]{2})*$/i.test(s)) fail(2, `${what} is not hex`);
  return Buffer.from(s.replace(/^0x/, ''), 'hex');
};
function fail(code, message) { console.error(message); process.exit(code); }

const args = process.argv.slice(2);
if (args.length < 1) fail(2, 'usage: node verify-proof.mjs PROOF.json [--root HEX]');
let proof;
try { proof = JSON.parse(readFileSync(args[0] === '-' ? 0 : args[0], 'utf8')); } catch (e) { fail(2, `cannot read the proof: ${e.message}`); }
const rootArg = args.indexOf('--root');
const root = hex(rootArg >= 0 ? args[rootArg + 1] : proof.root, 'root');
if (!Array.isArray(proof.siblings) || proof.siblings.length !== 64) fail(2, 'a proof has 64 siblings');
const isMarket = proof.market !== undefined;
let key;
try { key = isMarket ? (1n << 63n) + BigInt(proof.market) : BigInt.asUintN(64, BigInt(proof.account)); } catch { fail(2, `${isMarket ? 'market' : 'account'} must be an integer`); }
if (isMarket && (proof.market < 0 || proof.market > 0x7fffffff || proof.leaf == null)) fail(2, 'a market proof names a market id 0..2^31-1 and carries its leaf');

const leafBytes = proof.leaf == null ? null : hex(proof.leaf, 'leaf');
let node = leafBytes == null ? Buffer.alloc(32) : sha256(Buffer.from([0]), leafBytes);
for (let h = 0; h < 64; h++) {
  const sibling = hex(proof.siblings[h], `sibling ${h}`);
  node = ((key >> BigInt(h)) & 1n) === 0n ? sha256(Buffer.from([1]), node, sibling) : sha256(Buffer.from([1]), sibling, node);
}
if (!node.equals(root)) fail(1, `INVALID: the proof of ${isMarket ? `market ${proof.market}` : `account ${proof.account}`} does not reach root ${root.toString('hex')}`);
if (isMarket) {
  // The market's bytes start with its id and symbol; the rest (parameters, prices, guards) is proven with them.
  const id = leafBytes.readInt32LE(0), len = leafBytes.readInt32LE(4), symbol = leafBytes.subarray(8, 8 + len).toString('utf8');
  if (id !== Number(proof.market)) fail(1, `INVALID: the leaf is market ${id}, not ${proof.market}`);
  console.log(`valid: market ${id} ${symbol} under root ${root.toString('hex')} (height ${proof.height}), ${leafBytes.length} bytes of state`);
  process.exit(0);
}

if (leafBytes == null) { console.log(`valid: account ${proof.account} does not exist under root ${root.toString('hex')}`); process.exit(0); }
// Decode the canonical bytes so the user sees what was proven.
const id = leafBytes.readBigInt64LE(0), collateral = leafBytes.readBigInt64LE(8), n = leafBytes.readInt32LE(16);
if (id !== BigInt.asIntN(64, key)) fail(1, `INVALID: the leaf is account ${id}, not ${proof.account}`);
const usd = (micros, scale) => { const neg = micros < 0n, a = neg ? -micros : micros; const s = 10n ** BigInt(scale);
  return `${neg ? '-' : ''}${a / s}.${(a % s).toString().padStart(scale, '0')}`; };
console.log(`valid: account ${id} under root ${root.toString('hex')} (height ${proof.height})`);
console.log(`  collateral ${usd(collateral, 6)} USD`);
// A position: market (i32), size (i64, 1e-8), open notional (i64, 1e-6 USD), funding index at its last change (i128,
// 1e-17 USD per unit; the funding it owes is size × (the market's index − this) / 1e19 micro-dollars).
const positionBytes = 36;
for (let i = 0; i < n; i++) {
  const o = 20 + i * positionBytes;
  const fundingIndex = (leafBytes.readBigInt64LE(o + 28) << 64n) + leafBytes.readBigUInt64LE(o + 20);
  console.log(`  market ${leafBytes.readInt32LE(o)}: size ${usd(leafBytes.readBigInt64LE(o + 4), 8)}, open notional ${usd(leafBytes.readBigInt64LE(o + 12), 6)} USD, funding index ${fundingIndex}`);
}
// After the positions: collateral still maturing (the flash-loan defense) and when it matures.
const tail = 20 + n * positionBytes;
if (leafBytes.length >= tail + 16 && leafBytes.readBigInt64LE(tail) !== 0n)
  console.log(`  maturing ${usd(leafBytes.readBigInt64LE(tail), 6)} USD until ${leafBytes.readBigInt64LE(tail + 8)}`);
