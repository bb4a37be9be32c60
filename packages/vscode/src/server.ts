// The language server process that the extension starts. The client passes --node-ipc, which
// `startServer` reads to talk over Node IPC.
import { startServer } from '@kubeharden/lsp';

startServer();
