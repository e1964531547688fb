import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { AlertsView } from "./alerts-view";

export const metadata = { title: "Account alerts" };

export default function Page() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <AlertsView />
    </Suspense>
  );
}
