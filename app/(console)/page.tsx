import { listPage } from "@/components/list-page";
import { OverviewView } from "./overview-view";

export const metadata = { title: "Overview" };

export default listPage(OverviewView);
