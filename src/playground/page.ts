import type { Example } from './examples.ts';
import { graphiqlVersion, workerLabels } from './graphiql-files.ts';

/** What the page's script is given: the script itself is the same for every gateway. */
export interface PlaygroundConfig {
  title: string;
  /** Whether the gateway refuses requests without a token: the page then says where to find one */
  tokensRequired: boolean;
  /** The default tab */
  tour: string;
  examples: Example[];
  /** Monaco's workers by label: files of the gateway, not blobs, so they are cached with GraphiQL */
  workers: Record<string, string>;
}

/** Where the page's files are: relative, as the page is at /graphql. */
export const PLAYGROUND_PREFIX = '/playground/';

export function playgroundConfig(options: { title: string; tokensRequired: boolean; tour: string; examples: Example[] }): PlaygroundConfig {
  const workers = Object.fromEntries(workerLabels.map((label) => [label, `playground/worker-${label}.js?v=${graphiqlVersion}`]));
  return { ...options, workers };
}

/**
 * The HTML answered to a browser's GET /graphql (yoga's GraphiQL route). The
 * playground's own script runs first: it sets Monaco's workers, draws the
 * token bar and, once GraphiQL's script has run, renders GraphiQL with its
 * fetcher. Both scripts and the styles are files of the gateway, cached by
 * version; this page is never cached.
 */
export function playgroundPage(config: PlaygroundConfig, scriptVersion: string): string {
  // `<` escaped: no text of the config can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(config.title)} playground (GraphiQL)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="playground/graphiql.css?v=${graphiqlVersion}">
<link rel="stylesheet" href="playground/playground.css?v=${scriptVersion}">
<script type="application/json" id="playground-config">${json}</script>
<script defer src="playground/playground.js?v=${scriptVersion}"></script>
<script defer src="playground/graphiql.js?v=${graphiqlVersion}"></script>
</head>
<body>
<header id="playground-bar"></header>
<div id="graphiql"></div>
<noscript>The playground needs JavaScript. The API answers POST requests at this address; the dashboard is at <a href="/">/</a>.</noscript>
</body>
</html>
`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
