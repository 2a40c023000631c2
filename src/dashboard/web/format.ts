// How numbers and times read on the page.

export function formatMem(mib: number): string {
  if (mib >= 1024) return `${trim(mib / 1024)} GiB`;
  return `${trim(mib)} MiB`;
}

export function formatCpus(cpus: number): string {
  return trim(cpus);
}

function trim(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** 0..100, for a bar of used against total. */
export function percent(used: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.round((used / total) * 100));
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A task id without its app prefix, short enough for a table: web.1f3a9c2e. */
export function shortTaskId(id: string): string {
  const dot = id.lastIndexOf('.');
  const app = dot >= 0 ? id.slice(0, dot).split('_').at(-1) : undefined;
  const unique = dot >= 0 ? id.slice(dot + 1) : id;
  return app ? `${app}.${unique.slice(0, 8)}` : unique.slice(0, 12);
}
