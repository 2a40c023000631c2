// The frontend of the mixed-OS demo: an HTTP server on $PORT0 (on a Windows
// agent, run by node.exe) that asks the backend through this machine's
// service proxy, 127.0.0.1:<the backend's service port>, and shows what it
// answered. While no backend task is healthy the proxy refuses the
// connection at once, and the frontend answers 404 itself.
// Plain Node, no packages.
const http = require('node:http');
const os = require('node:os');

const port = Number(process.env.PORT0);
const backend = {
  host: process.env.CORRAL_SERVICE_HOST ?? '127.0.0.1',
  // From the app's dependencies when the backend existed first; else the well-known service port the backend app fixes.
  port: Number(process.env.CORRAL_SERVICE_BACKEND_PORT ?? process.env.BACKEND_SERVICE_PORT),
};

function askBackend() {
  return new Promise((resolve, reject) => {
    // A connection of its own for each request: the proxy takes turns per connection.
    const req = http.get({ ...backend, path: '/', agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`the backend answered ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('the backend did not answer in time')));
    req.on('error', reject);
  });
}

http
  .createServer(async (req, res) => {
    if (req.url === '/healthz') return res.writeHead(200).end('ok\n');
    try {
      const answer = await askBackend();
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Frontend on ${os.hostname()} (${process.platform}) asked the backend: ${answer}`);
    } catch (error) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`404: no backend (${error.code ?? error.message}) at ${backend.host}:${backend.port}\n`);
    }
  })
  .listen(port, () => console.log(`frontend listening on ${port}, backend at ${backend.host}:${backend.port}`));
process.on('SIGTERM', () => process.exit(0));
