import { readFileSync } from 'node:fs';

/**
 * A field of /proc/<pid>/status in bytes (VmRSS: resident now, VmHWM: peak
 * resident so far), read from outside the process so a busy one still
 * answers; null when the process is gone or the system has no /proc.
 */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`${field}:`));
    const kib = line?.match(/(\d+)\s*kB/)?.[1];
    return kib ? Number(kib) * 1024 : null;
  } catch {
    return null;
  }
}
