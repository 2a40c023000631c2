import { parseArgs } from 'node:util';
import { runSoak } from './runner.ts';

// npm run -s soak -- --minutes 10 [--seed N] [--windows] [--port-base 9100] [--history file.json]: prints the report as JSON; exits 1 on any violation.
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string' },
    'port-base': { type: 'string', default: '9100' },
    windows: { type: 'boolean', default: false },
    history: { type: 'string' },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const result = await runSoak({
  minutes: Number(values.minutes),
  seed,
  portBase: Number(values['port-base']),
  windows: values.windows,
  ...(values.history && { historyFile: values.history }),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (!result.passed) process.stderr.write(`soak FAILED: replay with --seed ${result.seed}\n`);
process.exit(result.passed ? 0 : 1);
