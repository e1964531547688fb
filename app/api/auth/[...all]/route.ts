import { authHandler } from "@/lib/auth/handler";

export const dynamic = "force-dynamic";

export const GET = authHandler;
export const POST = authHandler;
