import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const provisionScript = fileURLToPath(new URL('../../.ci/python-marathon.sh', import.meta.url));

let provisioned: Promise<string> | undefined;

/**
 * The system Python with Debian's python3-marathon, from
 * .ci/python-marathon.sh: CI runs it first, so here it only checks; on a
 * fresh machine it installs the package (as root). When it cannot, the test
 * fails with the reason: it never skips.
 */
export function provisionPythonMarathon(): Promise<string> {
  provisioned ??= run('bash', [provisionScript], { encoding: 'utf8', timeout: 540_000 }).then(
    ({ stdout }) => /^PYTHON=(.+)$/m.exec(stdout)?.[1] ?? '/usr/bin/python3',
    (error: { stderr?: string; message: string }) => {
      const reason = error.stderr?.trim().split('\n').slice(-5).join('\n') || error.message;
      throw new Error(`cannot provision python3-marathon (bash .ci/python-marathon.sh, as root, installs it): ${reason}`);
    },
  );
  return provisioned;
}

// Debian's python3-marathon, the Marathon client library, in the system Python.
const SCRIPT = `
import json, sys
from marathon import MarathonClient
client = MarathonClient(sys.argv[1])
result = eval(sys.argv[2], {'client': client})
plain = lambda o: o.decode() if isinstance(o, bytes) else o.json_repr() if hasattr(o, 'json_repr') else str(o)
print(json.dumps(result, default=plain))
`;

/**
 * Evaluates `expression` (Python, with `client` a MarathonClient on `url`) and
 * returns its result as JSON: the client's objects as their json_repr. A
 * refusal by the client (a model that cannot parse the answer) fails with its traceback.
 */
export async function pythonMarathon<T = unknown>(url: string, expression: string): Promise<T> {
  const python = await provisionPythonMarathon();
  const { stdout } = await run(python, ['-c', SCRIPT, url, expression], { timeout: 30_000 });
  return JSON.parse(stdout) as T;
}
