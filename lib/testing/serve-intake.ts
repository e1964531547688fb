// A production server as the entry points start it (the database claim, then node:http intake),
// with a 404 standing in for the Next.js build that integration tests do not make. Prints
// `ready <port> <pid>` once listening. Used by tests that need a second process serving a database.
import "@/lib/load-env";
import { claimDatabaseOrExit } from "@/lib/server/db-lock";
import { startServer } from "@/lib/server/http/server";
import { databaseUrl } from "@/lib/db-url";

// a free port, whatever PORT says: several of these may run at once
claimDatabaseOrExit(databaseUrl(), 0);
const server = await startServer({ port: 0, fallback: { handle: async (_req, res) => void res.writeHead(404).end(), close: async () => {} } });
claimDatabaseOrExit(databaseUrl(), server.port);
console.log(`ready ${server.port} ${process.pid}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void server.close().then(() => process.exit(0)));
