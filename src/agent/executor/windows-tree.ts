import { execFile } from 'node:child_process';

/** Rounds of listing and ending: each ends what the ones before missed (a process started meanwhile, a list wmic could not give). */
const ROUNDS = 5;

/**
 * Ends a Windows process and every process it started. `taskkill /T` is the
 * Windows way, but it cannot reach the children of a leader that has already
 * exited, and Wine's taskkill has no /T at all; then the tree is found from
 * the parent ids wmic lists and each member is terminated, round after
 * round until wmic lists none: one list was not always enough (under load
 * wmic can fail, and a process can start children between the list and the
 * end of its parent).
 */
export async function endWindowsTree(pid: number): Promise<void> {
  if (await succeeds('taskkill', ['/T', '/F', '/PID', String(pid)])) return;
  // Every process once found is looked below again: its children may have outlived it.
  let roots = [pid];
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 250 * round));
    const parents = await processParents();
    if (!parents) continue;
    const members = [...new Set(roots.flatMap((root) => [root, ...descendantsOf(root, parents)]))];
    const alive = members.filter((member) => parents.has(member) && member !== process.pid); // a reused pid must never end the agent itself
    if (alive.length === 0) return;
    for (const member of alive) {
      try {
        process.kill(member); // TerminateProcess on Windows
      } catch {
        // already gone
      }
    }
    roots = members;
  }
}

/** Every pid whose chain of parents leads to `root`. A parent id may name a process that has exited; its children still count. */
export function descendantsOf(root: number, parents: Map<number, number>): number[] {
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, childParent] of parents) {
      if (childParent === parent && child !== root && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** pid -> parent pid of every live process, from `wmic process get ParentProcessId,ProcessId`; undefined when wmic fails. */
async function processParents(): Promise<Map<number, number> | undefined> {
  const output = await new Promise<Buffer | undefined>((resolve) =>
    execFile('wmic', ['process', 'get', 'ParentProcessId,ProcessId'], { encoding: 'buffer', windowsHide: true, timeout: 30_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    ),
  );
  return output && parseWmicParents(output);
}

/**
 * wmic writes UTF-16 (Wine, and Windows to a file) or the console code page
 * (Windows to a pipe). Its header gives the column order, but not always with
 * a space between the names (Wine: "ParentProcessIDProcessID").
 */
export function parseWmicParents(output: Buffer): Map<number, number> {
  const text = (output.includes(0) ? output.toString('utf16le') : output.toString('latin1')).replace(/^\uFEFF/, '');
  const [header = '', ...rows] = text.split(/\r*\n/).map((line) => line.trim().toLowerCase());
  const parentFirst = header.indexOf('parentprocessid') < header.replace('parentprocessid', ' '.repeat(15)).indexOf('processid');
  const parents = new Map<number, number>();
  for (const row of rows) {
    const cells = row.split(/\s+/).map(Number);
    if (cells.length !== 2 || !cells.every(Number.isInteger)) continue;
    const [parent, pid] = parentFirst ? cells : cells.reverse();
    parents.set(pid!, parent!);
  }
  return parents;
}

function succeeds(program: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(program, args, { windowsHide: true, timeout: 10_000 }, (error) => resolve(!error)));
}
