// `npm run hookscope -- keys create --name X | keys list | keys revoke <id|prefix>`
import "@/lib/load-env";
import { disconnectDb, getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/server/relay/api-keys";

const USAGE = `usage: npm run hookscope -- keys create --name <name>
       npm run hookscope -- keys list
       npm run hookscope -- keys revoke <id|prefix>`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main(argv: string[]): Promise<number> {
  const [group, cmd, ...rest] = argv;
  if (group !== "keys" || !cmd) {
    console.error(USAGE);
    return 2;
  }
  const db = await getDb();
  if (cmd === "create") {
    const name = flag(rest, "--name");
    if (!name) {
      console.error("keys create needs --name <name>");
      return 2;
    }
    const { key, api_key } = await createApiKey(db, name);
    console.log(`Created API key "${api_key.name}" (id ${api_key.id}, prefix ${api_key.prefix}).`);
    console.log(`Key (shown once, store it now): ${key}`);
    return 0;
  }
  if (cmd === "list") {
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log("No API keys. Create one with: npm run hookscope -- keys create --name <name>");
    for (const k of keys) {
      const state = k.revoked_at ? `revoked ${k.revoked_at}` : "active";
      console.log(`${k.id}  ${k.prefix}…  ${k.name}  created ${k.created_at}  last used ${k.last_used_at ?? "never"}  ${state}`);
    }
    return 0;
  }
  if (cmd === "revoke") {
    const target = rest[0];
    if (!target) {
      console.error("keys revoke needs an id or prefix");
      return 2;
    }
    const k = await revokeApiKey(db, target);
    console.log(`Revoked API key "${k.name}" (${k.prefix}…) at ${k.revoked_at}.`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2))
  .catch((e) => {
    console.error(e instanceof AppError ? e.message : `error: ${(e as Error).message}`);
    return 1;
  })
  .then(async (code) => {
    await disconnectDb();
    process.exit(code);
  });
