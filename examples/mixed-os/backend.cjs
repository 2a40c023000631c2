// The backend of the mixed-OS demo: answers "Hello, Corral!" on $PORT0.
// Plain Node, no packages: Corral runs it with `node backend.cjs` on a Linux agent.
const http = require('node:http');
const os = require('node:os');

const port = Number(process.env.PORT0);
const task = process.env.CORRAL_TASK_ID ?? 'a task';

http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Hello, Corral! (from ${task} on ${os.hostname()}, ${process.platform})\n`);
  })
  .listen(port, () => console.log(`backend listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));
