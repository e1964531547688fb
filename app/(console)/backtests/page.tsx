import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { BacktestsView } from "./backtests-view";

export const metadata = { title: "Backtests" };

export default function Page() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <BacktestsView />
    </Suspense>
  );
}
