import type { PlaygroundConfig } from '../page.ts';
import { drawBar } from './bar.ts';
import { playgroundFetcher } from './fetcher.ts';
import { adoptTokenFromLink, savedToken } from '../../client/browser-token.ts';
import './styles.css';

// GraphiQL's script (a file of the gateway, loaded after this one) defines this global.
declare const YogaGraphiQL: { renderYogaGraphiQL(element: Element, options: Record<string, unknown>): void };
declare global {
  interface Window {
    MonacoEnvironment?: { globalAPI: boolean; getWorkerUrl(moduleId: string, label: string): string };
  }
}

const config = JSON.parse(document.getElementById('playground-config')!.textContent!) as PlaygroundConfig;

// Before Monaco starts a worker: from the gateway's files (render-graphiql's own page makes blobs of them).
window.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId, label) => config.workers[label] ?? config.workers.editorWorkerService!,
};

// Before anything asks the gateway: the first requests carry the token of a link.
adoptTokenFromLink();
const bar = drawBar(document.getElementById('playground-bar')!, config);

// Deferred scripts run in document order before DOMContentLoaded: GraphiQL's has run by then.
document.addEventListener('DOMContentLoaded', () => {
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql')!, {
    title: config.title,
    // The default tab; an address's `query` (an example, or the tab being edited) opens that instead
    // (yoga's GraphiQL reads the address itself only when no query is given).
    query: new URL(location.href).searchParams.get('query') ?? config.tour,
    fetcher: playgroundFetcher(new URL(location.pathname, location.href), savedToken, bar.refused),
    defaultEditorToolsVisibility: true,
  });
});
