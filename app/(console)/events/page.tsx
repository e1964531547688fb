import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui";
import { EventsView } from "./events-view";

export const metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <EventsView />
    </Suspense>
  );
}
