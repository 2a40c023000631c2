// JSON over plain HTTP, for the gateway's endpoints beside GraphQL (the agent protocol, discovery, metrics, Marathon's REST API).
export { sendJson, readJsonBody, type JsonBody } from './json-body.ts';
// The gateway's own web pages (dashboard, playground), bundled in memory.
export { bundlePage, type PageBundle } from './page-bundle.ts';
export { servePageFile, type PageFile } from './page-files.ts';
