#!/usr/bin/env node
// Creates apps of the mixed-OS demo through the gateway's GraphQL API.
//
//   node examples/mixed-os/deploy.mjs --gateway http://10.0.0.5:8080 --files http://10.0.0.5:8000/ [--token T] [--service-port 10100] frontend backend ...
//
// Each name is a file of apps/ (frontend, backend, java-linux, java-windows).
// The programs are fetched by the agents from --files (where this folder is
// served, as `python3 -m http.server 8000` in it does), so the apps' fetch
// URIs, relative in apps/*.json, are made absolute against it. Plain Node 20:
// no packages needed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: flags, positionals: names } = parseArgs({
  allowPositionals: true,
  options: {
    gateway: { type: 'string', default: process.env.CORRAL_URL ?? 'http://127.0.0.1:8080' },
    token: { type: 'string', default: process.env.CORRAL_TOKEN },
    files: { type: 'string' },
    'service-port': { type: 'string', default: '10100' },
  },
});
if (!flags.files || names.length === 0) {
  console.error('usage: deploy.mjs --gateway URL --files URL-of-this-folder/ [--token T] [--service-port 10100] frontend|backend|java-linux|java-windows ...');
  process.exit(2);
}

/** The app of apps/<name>.json, with its fetch URIs made absolute and the backend's service port as chosen. */
function appOf(name) {
  const app = JSON.parse(readFileSync(new URL(`apps/${name}.json`, import.meta.url), 'utf8'));
  const base = flags.files.endsWith('/') ? flags.files : `${flags.files}/`;
  app.fetch = (app.fetch ?? []).map((entry) => ({ ...entry, uri: new URL(entry.uri, base).toString() }));
  for (const definition of app.portDefinitions ?? []) if (definition.servicePort) definition.servicePort = Number(flags['service-port']);
  if (app.env?.BACKEND_SERVICE_PORT) app.env.BACKEND_SERVICE_PORT = flags['service-port'];
  return app;
}

const createApp = `mutation ($input: AppInput!) {
  createApp(input: $input) {
    __typename
    ... on CreateAppSuccess { data { app { id version definition { portDefinitions { servicePort } } } } }
    ... on ValidationError { message fields { field message } }
    ... on Error { message }
  }
}`;

let failed = false;
for (const name of names) {
  const response = await fetch(new URL('/graphql', flags.gateway), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(flags.token && { authorization: `Bearer ${flags.token}` }) },
    body: JSON.stringify({ query: createApp, variables: { input: appOf(name) } }),
  });
  const { data, errors } = await response.json();
  const result = data?.createApp;
  if (result?.__typename === 'CreateAppSuccess') {
    const servicePorts = result.data.app.definition.portDefinitions.map((definition) => definition.servicePort).filter(Boolean);
    console.log(`created ${result.data.app.id}${servicePorts.length ? ` (service port ${servicePorts.join(', ')})` : ''}`);
  } else {
    failed = true;
    console.error(`${name}: ${errors?.map((error) => error.message).join('; ') ?? result?.message ?? `HTTP ${response.status}`}`);
    for (const field of result?.fields ?? []) console.error(`  ${field.field}: ${field.message}`);
  }
}
process.exit(failed ? 1 : 0);
