import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { InboundView } from "./inbound-view";

export const metadata = { title: "Inbound log" };

export default function InboundPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <InboundView />
    </Suspense>
  );
}
