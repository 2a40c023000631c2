import { describe, expect, it } from 'vitest';
import { descendantsOf, parseWmicParents } from '../../src/agent/executor/windows-tree.ts';

const utf16 = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');

describe('finding a Windows process tree from wmic', () => {
  it("reads Wine's UTF-16 output, whose header has no space between the names", () => {
    const parents = parseWmicParents(utf16('ParentProcessIDProcessID\r\n0    32   \r\n32   276  \r\n276  292  \r\n'));
    expect([...parents]).toEqual([
      [32, 0],
      [276, 32],
      [292, 276],
    ]);
  });

  it("reads Windows' code-page output with its \\r\\r\\n line ends", () => {
    const parents = parseWmicParents(
      Buffer.from('ParentProcessId  ProcessId  \r\r\n0                4          \r\r\n4                812        \r\r\n\r\r\n', 'latin1'),
    );
    expect([...parents]).toEqual([
      [4, 0],
      [812, 4],
    ]);
  });

  it('takes children, grandchildren and orphans of a leader that has exited, and nothing else', () => {
    // 276 (cmd.exe) started 292 and 300; 292 started 310; 276 itself is gone from the list.
    const parents = new Map([
      [292, 276],
      [300, 276],
      [310, 292],
      [400, 32],
      [32, 0],
    ]);
    expect(descendantsOf(276, parents).sort()).toEqual([292, 300, 310]);
  });
});
