import { listPage } from "@/components/list-page";
import { AlertsView } from "./alerts-view";

export const metadata = { title: "Account alerts" };

export default listPage(AlertsView);
