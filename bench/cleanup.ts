// Everything a benchmark starts (processes, databases, sockets) registers how
// to undo it here, so an error or a Ctrl-C still leaves nothing behind.

type Undo = () => Promise<void> | void;
const undos: Undo[] = [];

/** Registers `undo`; the returned function runs it once and unregisters it. */
export function onCleanup(undo: Undo): () => Promise<void> {
  undos.push(undo);
  return async () => {
    const at = undos.indexOf(undo);
    if (at < 0) return;
    undos.splice(at, 1);
    await undo();
  };
}

/** Undoes everything still registered, newest first; a failing undo does not stop the others. */
export async function cleanUpAll(): Promise<void> {
  while (undos.length > 0) {
    const undo = undos.pop()!;
    try {
      await undo();
    } catch (error) {
      process.stderr.write(`bench: cleanup failed: ${(error as Error).message}\n`);
    }
  }
}
