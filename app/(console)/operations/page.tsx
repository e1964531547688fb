import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { OperationsView } from "./operations-view";

export const metadata = { title: "Operations" };

export default function OperationsPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <OperationsView />
    </Suspense>
  );
}
