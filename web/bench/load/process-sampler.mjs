// Samples CPU% and RSS of given processes from /proc every few seconds (Linux). CPU% is of one core
// (200 % = both cores of a 2-core machine), computed from utime+stime between two samples.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime 15, rss 24.
    return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssBytes: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return undefined;
  }
}

/** The process whose environment says Urls=<url> (the local stack started by startLocalStack). */
export function findPidByEnvironment(entry) {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (environ.includes(entry) && cmdline.includes('CoBrowse.LocalStack')) return Number(name);
    } catch { /* gone or not ours */ }
  }
  return undefined;
}

/**
 * @param {Record<string, number | undefined>} pids  name → pid (undefined: not sampled)
 */
export function startSampler(pids, intervalMs = 3000) {
  /** @type {Record<string, { t: number, cpuPercent: number, rssMb: number }[]>} */
  const samples = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  const last = {};
  const take = () => {
    const now = performance.now();
    for (const [name, pid] of Object.entries(pids)) {
      if (pid === undefined) continue;
      const stat = readStat(pid);
      if (!stat) continue;
      const previous = last[name];
      if (previous) {
        const seconds = (now - previous.t) / 1000;
        samples[name].push({ t: Date.now(), cpuPercent: ((stat.cpuTicks - previous.cpuTicks) / TICKS_PER_SECOND / seconds) * 100, rssMb: stat.rssBytes / 1048576 });
      }
      last[name] = { t: now, cpuTicks: stat.cpuTicks };
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    /** Summary of the samples taken between two wall-clock times (ms since epoch). */
    summary: (from = 0, to = Infinity) => Object.fromEntries(Object.entries(samples).map(([name, list]) => {
      const inRange = list.filter((s) => s.t >= from && s.t <= to);
      if (inRange.length === 0) return [name, null];
      const avg = (key) => inRange.reduce((sum, s) => sum + s[key], 0) / inRange.length;
      const max = (key) => Math.max(...inRange.map((s) => s[key]));
      return [name, { samples: inRange.length, cpuPercentAvg: avg('cpuPercent'), cpuPercentMax: max('cpuPercent'), rssMbAvg: avg('rssMb'), rssMbMax: max('rssMb') }];
    })),
    stop: () => clearInterval(timer),
  };
}

/** 1-minute load average, to say how busy the shared machine was. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
