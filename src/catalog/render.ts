import Mustache from 'mustache';
import { PackageRenderFailed } from './errors.ts';
import { isJsonObject as isObject, mergedOver } from './json-merge.ts';

type Json = Record<string, unknown>;

/**
 * Mustache for JSON: every value is written as the inside of a JSON string
 * (quotes, backslashes and control characters escaped), never as HTML and
 * never raw, so an option cannot add fields or end the string it is in. A
 * number or boolean written outside quotes stays a number or boolean; an
 * object or list written outside quotes is a render error, not a way in.
 *
 * Triple braces ({{{x}}}, {{& x}}) are escaped the same, because that is
 * what Cosmos does: its PackageDefinitionRenderer (dcos/cosmos) turns off
 * mustache.java's HTML escaping (DefaultMustacheFactory.encode writes the
 * value as it is) and JSON-encodes every string option before rendering, so
 * {{x}} and {{{x}}} both give JSON string content. Universe packages rely on
 * it: kafka's "PLACEMENT_CONSTRAINTS": "{{{service.placement_constraint}}}"
 * with the default [["hostname", "MAX_PER", "1"]] is JSON only that way.
 */
class JsonWriter extends Mustache.Writer {
  override unescapedValue(token: string[], context: Mustache.Context): string {
    return this.escapedValue(token, context, { escape: jsonStringContent });
  }
}

export function jsonStringContent(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return JSON.stringify(text).slice(1, -1);
}

const writer = new JsonWriter();

export interface RenderContext {
  /** The options after defaults: their names are the template's variables ({{service.name}}) */
  options: Json;
  /** resource.json: {{resource.assets.uris.<name>}}; merged over an option named `resource` */
  resource: Json;
  pkg: { name: string; version: string };
}

/**
 * The most apps one package makes. Packages are a service and its helpers (a handful of apps), and
 * the API answers a package's apps as plain lists (installedPackage.apps, renderPackage.apps): this
 * bound is what keeps those lists small.
 */
export const MAX_PACKAGE_APPS = 100;

/** The app definitions a package's template makes (as written: not yet checked as apps). */
export function renderApps(template: string, { options, resource, pkg }: RenderContext): Json[] {
  const failed = (reason: string) => new PackageRenderFailed(pkg.name, pkg.version, reason);
  let text: string;
  try {
    // As Cosmos: resource.json goes over the options, key by key, so an option named `resource`
    // (minio's { cpus, mem }) keeps what resource.json does not say.
    const view = mergedOver(options, { resource });
    text = writer.render(template, { ...view, package: { name: pkg.name, version: pkg.version } }, {}, { escape: jsonStringContent });
  } catch (error) {
    throw failed(`its template is not valid Mustache: ${(error as Error).message}`);
  }
  let rendered: unknown;
  try {
    rendered = JSON.parse(text);
  } catch (error) {
    throw failed(`its template did not render JSON: ${whereInText(text, (error as Error).message)}`);
  }
  const apps = Array.isArray(rendered)
    ? rendered
    : isObject(rendered) && Array.isArray(rendered.apps) && rendered.id === undefined
      ? rendered.apps
      : [rendered];
  if (apps.length === 0) throw failed('its template rendered no app');
  if (apps.length > MAX_PACKAGE_APPS) throw failed(`its template rendered ${apps.length} apps: a package makes at most ${MAX_PACKAGE_APPS}`);
  const notApp = apps.findIndex((app) => !isObject(app));
  if (notApp >= 0) throw failed(`its template rendered ${JSON.stringify(apps[notApp])} where an app definition (a JSON object) belongs`);
  return apps as Json[];
}

/** JSON.parse says "at position 123": show the line it is on. */
function whereInText(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const content = text.split('\n')[line - 1]?.trim() ?? '';
  return `${message} (line ${line}, column ${column}: ${content.slice(0, 120)})`;
}
