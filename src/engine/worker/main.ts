// Entry of the engine child process. Placeholder until the engine lands: answers nothing and exits when its
// parent goes away.
process.on('disconnect', () => process.exit(0));
