import { listPage } from "@/components/list-page";
import { InboundView } from "./inbound-view";

export const metadata = { title: "Inbound log" };

export default listPage(InboundView);
