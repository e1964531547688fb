import { listPage } from "@/components/list-page";
import { DeliveriesView } from "./deliveries-view";

export const metadata = { title: "Deliveries" };

export default listPage(DeliveriesView);
