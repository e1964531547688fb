import { listPage } from "@/components/list-page";
import { requirePageSession } from "@/lib/auth/page-session";
import { AuditView } from "./audit-view";

export const metadata = { title: "Audit log" };

const List = listPage(AuditView);

export default async function AuditPage() {
  await requirePageSession("admin");
  return <List />;
}
