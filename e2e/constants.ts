export const E2E_SECRET = "zh_e2e_secret";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
export const E2E_PIPAI_WEBHOOK_ID = "wh_e2e001";
export const E2E_PIPAI_SECRET = "pipai_e2e_secret";
/** An admin key from HOOKSCOPE_API_KEYS: the tests' own set-up calls (users, deliveries) use it. */
export const E2E_API_KEY = "hs_e2e_admin_key_0123456789";
export const E2E_PASSWORD = "e2e password for everyone";
