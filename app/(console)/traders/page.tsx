import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { TradersView } from "./traders-view";

export const metadata = { title: "Traders" };

export default function TradersPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <TradersView />
    </Suspense>
  );
}
