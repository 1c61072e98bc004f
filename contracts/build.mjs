// Compiles src/*.sol with solc-js (the npm `solc` package, pinned in package-lock.json) into out/contracts.json:
// { "<Name>": { "abi": [...], "bytecode": "0x..." } } for BreakwaterGuard, DemoPerpMarket and OpenZeppelin's
// TimelockController. EVM target shanghai: the local test chain (ganache 7) has no Cancun opcodes.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = path.dirname(fileURLToPath(import.meta.url));

const sources = {};
for (const f of fs.readdirSync(path.join(here, 'src')).filter(f => f.endsWith('.sol')))
  sources[f] = { content: fs.readFileSync(path.join(here, 'src', f), 'utf8') };
sources['Timelock.sol'] = { content: '// SPDX-License-Identifier: MIT\npragma solidity 0.8.24;\nimport {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";\n' };

const input = {
  language: 'Solidity',
  sources,
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'shanghai', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
};
const findImports = p => {
  try { return { contents: fs.readFileSync(require.resolve(p), 'utf8') }; } catch (e) { return { error: `import ${p} not found: ${e.message}` }; }
};
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (out.errors ?? []).filter(e => e.severity === 'error');
for (const e of out.errors ?? []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

const wanted = ['BreakwaterGuard', 'DemoPerpMarket', 'TimelockController'];
const result = {};
for (const file of Object.values(out.contracts))
  for (const [name, c] of Object.entries(file))
    if (wanted.includes(name)) result[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
fs.mkdirSync(path.join(here, 'out'), { recursive: true });
fs.writeFileSync(path.join(here, 'out', 'contracts.json'), JSON.stringify(result));
console.log(`compiled ${Object.keys(result).join(', ')} with solc ${solc.version()}`);
