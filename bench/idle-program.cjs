// The trivial long-running program the pm2 benchmark has both Corral and PM2
// run: a Node process that does nothing until it is stopped. CommonJS, so PM2's
// fork-mode container loads it as it loads most programs it runs.
setInterval(() => {}, 1e9);
