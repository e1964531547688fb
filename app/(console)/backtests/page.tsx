import { listPage } from "@/components/list-page";
import { BacktestsView } from "./backtests-view";

export const metadata = { title: "Backtests" };

export default listPage(BacktestsView);
