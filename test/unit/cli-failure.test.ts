import { describe, expect, it } from 'vitest';
import { CommandError, failureLines } from '../../src/cli/failure.ts';
import { GatewayRequestError } from '../../src/client/index.ts';

describe("the CLI's failure lines", () => {
  it('prints each of the gateway’s errors on a line of its own', () => {
    const error = new GatewayRequestError('a; b', 400, ['input.version: not a field of AppInput', 'input.cpus: must be >= 0']);
    expect(failureLines(error)).toEqual(['input.version: not a field of AppInput', 'input.cpus: must be >= 0']);
    expect(failureLines(new CommandError('refused: a; refused: b', ['refused: a', 'refused: b']))).toEqual(['refused: a', 'refused: b']);
    expect(failureLines(new CommandError('app /nope does not exist'))).toEqual(['app /nope does not exist']);
  });

  it('never prints an input back: a gateway that quotes it (graphql-js does) is read for the place and the reason; any line is cut short', () => {
    const input = `{ id: "/shop/web", env: { ${Array.from({ length: 60 }, (_, index) => `VAR_${index}: "value"`).join(', ')} },\n version: 3 }`;
    const echoed = `Variable "$input" got invalid value ${input}; Field "version" is not defined by type "AppInput".`;
    const [line, ...more] = failureLines(new GatewayRequestError(echoed, 400, [echoed]));
    expect(more).toEqual([]);
    expect(echoed.length).toBeGreaterThan(1000);
    expect(line).toBe('input: Field "version" is not defined by type "AppInput".');
    const nested = `Variable "$input" got invalid value { protocol: "HTTP", pathh: "/" } at "input.healthChecks[0]"; Field "pathh" is not defined by type "HealthCheckInput".`;
    expect(failureLines(new GatewayRequestError(nested))).toEqual(['input.healthChecks[0]: Field "pathh" is not defined by type "HealthCheckInput".']);
    // Any other long message is cut to one line.
    const long = failureLines(new CommandError(`${'x'.repeat(2000)}\nmore`))[0]!;
    expect(long.length).toBeLessThanOrEqual(300);
    expect(long).not.toContain('\n');
  });
});
