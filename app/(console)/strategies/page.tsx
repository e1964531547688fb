import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { StrategiesView } from "./strategies-view";

export const metadata = { title: "Strategies" };

export default function StrategiesPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <StrategiesView />
    </Suspense>
  );
}
