"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CopyableText } from "@/components/ui";
import { setupOptions } from "@/lib/query/options";

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * What an empty console should teach: the two addresses to give the providers, which secrets
 * are configured (counts only), and the simulator command for traffic without a provider.
 */
export function SetupGuide({ lead }: { lead: string }) {
  const setup = useQuery(setupOptions());
  const s = setup.data;
  return (
    <div data-testid="setup-guide" className="mx-auto mt-2 max-w-2xl space-y-3 text-left">
      <p className="text-center">{lead}</p>
      {s ? (
        <>
          <div>
            <p className="font-medium text-slate-700">Give the providers these webhook URLs</p>
            <dl className="mt-1 grid grid-cols-[max-content_minmax(0,1fr)] items-center gap-x-3 gap-y-1">
              <dt>zerohash</dt>
              <dd><CopyableText value={s.webhook_urls.zerohash} label="zerohash webhook URL" testId="setup-url-zerohash" /></dd>
              <dt>PipAI</dt>
              <dd><CopyableText value={s.webhook_urls.pipai} label="PipAI webhook URL" testId="setup-url-pipai" /></dd>
            </dl>
            {s.base_url_from === "request" ? <p className="mt-1 text-xs">Built from this page&apos;s address; set HOOKSCOPE_PUBLIC_URL to the address providers reach.</p> : null}
          </div>
          <div data-testid="setup-secrets">
            <p className="font-medium text-slate-700">Secrets configured</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              <li>
                zerohash: {s.secrets.zerohash_hmac === 0 && s.secrets.zerohash_rsa_keys === 0 ? <strong className="text-amber-800">none (set ZEROHASH_WEBHOOK_SECRETS; every webhook is refused until then)</strong> : `${plural(s.secrets.zerohash_hmac, "HMAC secret")}, ${plural(s.secrets.zerohash_rsa_keys, "RSA key")}`}
              </li>
              <li>
                PipAI:{" "}
                {s.secrets.pipai_subscriptions === 0 && s.secrets.pipai_any === 0 ? (
                  <strong className="text-amber-800">none (set PIPAI_WEBHOOK_SECRETS)</strong>
                ) : (
                  `${plural(s.secrets.pipai_subscriptions, "subscription")}${s.secrets.pipai_any ? `, ${plural(s.secrets.pipai_any, "secret")} for any subscription` : ""}`
                )}
              </li>
              <li>
                Relay callback URL:{" "}
                {s.callback_url_set ? "set" : (
                  <>
                    not set (<Link href="/settings" className="text-indigo-700 hover:underline">Settings</Link>): events are stored, deliveries wait
                  </>
                )}
              </li>
            </ul>
          </div>
          <div>
            <p className="font-medium text-slate-700">No provider yet? Simulate signed traffic</p>
            <div className="mt-1"><CopyableText value={s.simulate_command} label="simulate command" testId="setup-simulate" /></div>
            <p className="mt-1 text-xs">It signs with the secrets above, from the same machine; <code className="font-mono">npm run demo</code> starts a whole console with traffic and a failing receiver.</p>
          </div>
        </>
      ) : null}
    </div>
  );
}
