import { intakeResponse, wrongMethodResponse } from "@/lib/intake/respond";
import { providers } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return intakeResponse(providers.pipai, req);
}

function wrongMethod(req: Request) {
  return wrongMethodResponse(providers.pipai, req);
}
export { wrongMethod as GET, wrongMethod as PUT, wrongMethod as PATCH, wrongMethod as DELETE };
