import { listPage } from "@/components/list-page";
import { EventsView } from "./events-view";

export const metadata = { title: "Events" };

export default listPage(EventsView);
