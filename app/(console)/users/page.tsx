import { requirePageSession } from "@/lib/auth/page-session";
import { UsersView } from "./users-view";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageSession("admin");
  return <UsersView />;
}
