import { listPage } from "@/components/list-page";
import { AnomaliesView } from "./anomalies-view";

export const metadata = { title: "Anomalies" };

export default listPage(AnomaliesView);
