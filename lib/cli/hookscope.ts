// `npm run hookscope -- <group> <command> [options]`: API keys and users from a shell on the
// server. Acts as the "cli" actor (admin): whoever runs it can already read the database.
import "@/lib/load-env";
import os from "node:os";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { cliActor, type Ctx } from "@/lib/auth/actor";
import { ROLES } from "@/lib/auth/roles";
import { disconnectDb, getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createKey, listKeys, revokeKey } from "@/lib/server/relay/settings";
import { createUser } from "@/lib/server/users/create";
import { listUsers } from "@/lib/server/users/list";
import { updateUser } from "@/lib/server/users/update";

const HELP: Record<string, string> = {
  "": `usage: npm run hookscope -- <command> [options]

  keys create --name <name> --role viewer|operator|admin [--expires-in 90d]
  keys list
  keys revoke <id|prefix>
  users create --email <email> --role viewer|operator|admin [--name <name>] [--password-stdin]
  users list
  users disable <email>
  users enable <email>

Each command takes --help.`,
  "keys create": `usage: npm run hookscope -- keys create --name <name> --role viewer|operator|admin [--expires-in 90d]
Creates an API key and prints it once. --expires-in takes days (d), hours (h) or minutes (m).`,
  "keys list": "usage: npm run hookscope -- keys list\nLists API keys (never the keys themselves).",
  "keys revoke": "usage: npm run hookscope -- keys revoke <id|prefix>",
  "users create": `usage: npm run hookscope -- users create --email <email> --role viewer|operator|admin [--name <name>] [--password-stdin]
Asks for the password (twice) on a terminal, or reads one line from standard input with --password-stdin.`,
  "users list": "usage: npm run hookscope -- users list",
  "users disable": "usage: npm run hookscope -- users disable <email>\nRefuses sign-in and ends the user's sessions.",
  "users enable": "usage: npm run hookscope -- users enable <email>",
};

class UsageError extends Error {}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    out._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  const a = await promptHidden("Password: ");
  const b = await promptHidden("Repeat password: ");
  if (a !== b) throw new UsageError("the two passwords differ");
  return a;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      name: { type: "string" },
      role: { type: "string" },
      "expires-in": { type: "string" },
      email: { type: "string" },
      "password-stdin": { type: "boolean" },
    },
  });
  const [group, cmd, ...rest] = positionals;
  const command = [group, cmd].filter(Boolean).join(" ");
  if (values.help) {
    console.log(HELP[command] ?? HELP[""]);
    return 0;
  }
  if (!(command in HELP) || command === "") throw new UsageError(group ? `unknown command: ${command}` : "a command is needed");
  const ctx: Ctx = { db: await getDb(), actor: cliActor(`cli (${os.userInfo().username})`), env: getEnv(), now: new Date() };
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new UsageError(`${command} needs ${what}`);
    return v;
  };
  const role = () => {
    const r = need(values.role, `--role ${ROLES.join("|")}`);
    if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
    return r;
  };
  switch (command) {
    case "keys create": {
      const { key, api_key } = await createKey(ctx, { name: need(values.name, "--name <name>"), role: role(), expires_in: values["expires-in"] });
      console.log(`Created ${api_key.role} API key "${api_key.name}" (id ${api_key.id}, prefix ${api_key.prefix}${api_key.expires_at ? `, expires ${api_key.expires_at}` : ", no expiry"}).`);
      console.log(`Key (shown once, store it now): ${key}`);
      return 0;
    }
    case "keys list": {
      const { api_keys } = await listKeys(ctx);
      if (api_keys.length === 0) console.log("No API keys. Create one with: npm run hookscope -- keys create --name <name> --role viewer");
      for (const k of api_keys) {
        const expired = k.expires_at !== null && new Date(k.expires_at) <= ctx.now;
        const state = k.revoked_at ? `revoked ${k.revoked_at}` : expired ? `expired ${k.expires_at}` : k.expires_at ? `active until ${k.expires_at}` : "active";
        console.log(`${k.id}  ${k.prefix}…  ${k.role.padEnd(8)}  ${k.name}  created ${k.created_at}  last used ${k.last_used_at ?? "never"}  ${state}`);
      }
      return 0;
    }
    case "keys revoke": {
      const { api_key: k } = await revokeKey(ctx, need(rest[0], "an id or prefix"));
      console.log(`Revoked API key "${k.name}" (${k.prefix}…) at ${k.revoked_at}.`);
      return 0;
    }
    case "users create": {
      const email = need(values.email, "--email <email>");
      const r = role();
      const password = await readPassword(values["password-stdin"] === true);
      const u = await createUser(ctx, { email, role: r, name: values.name, password });
      console.log(`Created ${u.role} ${u.email} (id ${u.id}). They sign in at /login.`);
      return 0;
    }
    case "users list": {
      const users = await listUsers(ctx);
      if (users.length === 0) console.log("No users. Create one with: npm run hookscope -- users create --email you@example.com --role admin");
      for (const u of users) console.log(`${u.email.padEnd(32)}  ${u.role.padEnd(8)}  ${u.disabled ? "disabled" : "enabled "}  last sign-in ${u.last_sign_in_at ?? "never"}`);
      return 0;
    }
    case "users disable":
    case "users enable": {
      const u = await updateUser(ctx, need(rest[0], "an email"), { disabled: cmd === "disable" });
      console.log(`${u.email} is now ${u.disabled ? "disabled (sessions ended)" : "enabled"}.`);
      return 0;
    }
  }
  throw new UsageError(`unknown command: ${command}`);
}

run(process.argv.slice(2))
  .catch((e: Error & { code?: string }) => {
    if (e instanceof UsageError || e.code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`error: ${e.message}\n\n${HELP[""]}`);
      return 2;
    }
    if (e instanceof AppError) console.error(`error: ${e.message}`);
    else if (e.name === "ZodError") console.error(`error: ${(e as unknown as { issues: { path: unknown[]; message: string }[] }).issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    else console.error(`error: ${e.message}`);
    return 1;
  })
  .then(async (code) => {
    await disconnectDb();
    process.exit(code);
  });
