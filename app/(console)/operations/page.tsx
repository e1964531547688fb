import { listPage } from "@/components/list-page";
import { OperationsView } from "./operations-view";

export const metadata = { title: "Operations" };

export default listPage(OperationsView);
