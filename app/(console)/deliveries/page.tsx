import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { DeliveriesView } from "./deliveries-view";

export const metadata = { title: "Deliveries" };

export default function DeliveriesPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <DeliveriesView />
    </Suspense>
  );
}
