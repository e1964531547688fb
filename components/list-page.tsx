import { Suspense, type ComponentType } from "react";
import { TableSkeleton } from "@/components/ui";

/**
 * The server page of a console list: its client view reads the URL search params, so it renders
 * inside Suspense with a table skeleton as the fallback.
 */
export function listPage(View: ComponentType) {
  return function ListPage() {
    return (
      <Suspense fallback={<TableSkeleton />}>
        <View />
      </Suspense>
    );
  };
}
