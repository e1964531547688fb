export const E2E_SECRET = "zh_e2e_secret";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
