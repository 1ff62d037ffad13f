// Which model file to run: the PIPIT_MODEL_PATH environment variable wins over the `pipit.modelPath` setting, so a
// test run or a remote setup can point at a model without touching user settings.

export const MODEL_PATH_ENV = 'PIPIT_MODEL_PATH';

/** The model path to use, or undefined when neither the environment nor the setting names one. */
export function resolveModelPath(
  env: Readonly<Record<string, string | undefined>>,
  setting: string | undefined,
): string | undefined {
  const fromEnv = env[MODEL_PATH_ENV]?.trim();
  if (fromEnv) return fromEnv;
  const fromSetting = setting?.trim();
  return fromSetting ? fromSetting : undefined;
}
