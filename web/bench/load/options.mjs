// Command-line flags of the load benchmark.
import { parseArgs } from 'node:util';

const HELP = `node web/bench/load/run.mjs [flags]
  --sessions N            concurrent sessions (default 200)
  --hold-minutes M        how long they are held once all started (default 10)
  --ramp-concurrency C    sessions being set up at once (default 6)
  --url URL               use a running local stack instead of starting the Release build (no storage counts,
                          CPU only with --stack-pid; needs the stack's admin key in CoBrowse__Admin__ApiKey or the default)
  --stack-pid PID         with --url: sample this process's CPU and memory
  --timeout-seconds S     messaging/chat inactivity timeout set on the tenant (default 60)
  --activity event|http   how the customer reports activity: the SDK's \`activity\` user event (default) or HTTP
                          POST /sessions/{id}/activity (an experiment: user events block the connection's stream)
  --seed N                seed of the traffic sizes and plans (default 1)
  --out PATH              results without extension (default web/bench/results/load → load.md and load.json)`;

export function readOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '200' },
      'hold-minutes': { type: 'string', default: '10' },
      'ramp-concurrency': { type: 'string', default: '6' },
      url: { type: 'string' },
      'stack-pid': { type: 'string' },
      'timeout-seconds': { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      activity: { type: 'string', default: 'event' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const number = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}\n${HELP}`);
    return n;
  };
  return {
    sessions: Math.round(number('sessions', 1)),
    holdMinutes: number('hold-minutes', 0),
    rampConcurrency: Math.round(number('ramp-concurrency', 1)),
    url: values.url,
    stackPid: values['stack-pid'] ? Number(values['stack-pid']) : undefined,
    timeoutSeconds: Math.round(number('timeout-seconds', 10)),
    seed: Math.round(number('seed', 0)),
    activity: values.activity === 'http' ? 'http' : 'event',
    out: values.out,
  };
}
