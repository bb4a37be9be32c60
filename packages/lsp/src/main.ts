import { startServer } from './server.js';

// The executable entry: the transport comes from the command line (--stdio, --node-ipc, --socket=<port>).
startServer();
