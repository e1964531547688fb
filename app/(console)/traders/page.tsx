import { listPage } from "@/components/list-page";
import { TradersView } from "./traders-view";

export const metadata = { title: "Traders" };

export default listPage(TradersView);
