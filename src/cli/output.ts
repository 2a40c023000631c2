// What commands print: aligned tables for people, JSON for scripts.

export type Cell = string | number | boolean | null | undefined;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A table with a header row; columns as wide as their widest cell. */
export function printTable(headers: string[], rows: Cell[][]): void {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  process.stdout.write(`${[line(headers), ...text.map(line)].join('\n')}\n`);
}

/** key: value lines, for one object. */
export function printFields(fields: [string, Cell][]): void {
  const width = Math.max(...fields.map(([key]) => key.length));
  for (const [key, value] of fields) process.stdout.write(`${`${key}:`.padEnd(width + 2)}${value === null || value === undefined ? '-' : String(value)}\n`);
}

export const resources = (value: { cpus: number; mem: number; disk?: number }) => `${round(value.cpus)} cpus, ${round(value.mem)} MiB`;
const round = (value: number) => Math.round(value * 100) / 100;
