// The overview's tallies against the rows they count (tests): per group, the count of the rows and
// the sum over the tally's slots, as two maps that must be equal. Groups whose sum is 0 are left
// out of the tally's map, as the overview shows nothing for them.
import type { Db } from "@/lib/db";

const HOUR = 3_600_000;
type Sums = { want: Map<string, number>; got: Map<string, number> };

const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** InboundTally per (size, bucket, provider, outcome) and the InboundRequest rows. */
export async function inboundSums(db: Db): Promise<Sums> {
  const want = new Map<string, number>();
  for (const r of await db.inboundRequest.findMany({ select: { receivedAt: true, provider: true, outcome: true } })) {
    for (const size of [300, 3600]) add(want, `${size}|${Math.floor(r.receivedAt.getTime() / 1000 / size)}|${r.provider}|${r.outcome}`);
  }
  const got = new Map<string, number>();
  for (const t of await db.inboundTally.groupBy({ by: ["size", "bucket", "provider", "outcome"], _sum: { count: true } })) {
    if (t._sum.count) got.set(`${t.size}|${t.bucket}|${t.provider}|${t.outcome}`, t._sum.count);
  }
  return { want, got };
}

/** RejectionTally per (hour, reason) and the rejected InboundRequest rows. */
export async function rejectionSums(db: Db): Promise<Sums> {
  const want = new Map<string, number>();
  for (const r of await db.inboundRequest.findMany({ where: { outcome: "rejected" }, select: { receivedAt: true, reason: true } })) {
    add(want, `${Math.floor(r.receivedAt.getTime() / HOUR)}|${r.reason ?? ""}`);
  }
  const got = new Map<string, number>();
  for (const t of await db.rejectionTally.groupBy({ by: ["bucket", "reason"], _sum: { count: true } })) if (t._sum.count) got.set(`${t.bucket}|${t.reason}`, t._sum.count);
  return { want, got };
}
