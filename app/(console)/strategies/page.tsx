import { listPage } from "@/components/list-page";
import { StrategiesView } from "./strategies-view";

export const metadata = { title: "Strategies" };

export default listPage(StrategiesView);
