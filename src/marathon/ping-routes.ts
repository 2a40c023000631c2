import type { MarathonRoute } from './route.ts';

export const pingRoutes: MarathonRoute[] = [
  // Marathon answers a bare "pong" (text/plain); its clients only look at the status.
  { method: 'GET', path: /^\/ping$/, role: 'VIEWER', handle: async () => ({ status: 200, body: 'pong' }) },
];
