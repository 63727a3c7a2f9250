package gptimage.config;

/** Every setting that a flag, a variable or a {@code .env} line can give, with its default. */
public enum Setting {
  API_KEY(null, "OPENAI_API_KEY", null),
  BASE_URL("--base-url", "OPENAI_BASE_URL", "http://127.0.0.1:3688/v1"),
  MODEL("--model", "OPENAI_IMAGE_MODEL", "gpt-image-2"),
  PROTOCOL("--protocol", "OPENAI_IMAGE_PROTOCOL", "openai_images"),
  RESPONSES_MODEL(
      "--responses-model",
      "OPENAI_IMAGE_RESPONSES_MODEL",
      gptimage.client.ImageRequest.DEFAULT_RESPONSES_MODEL),
  ACTION("--action", "OPENAI_IMAGE_ACTION", null),
  SIZE("--size", "OPENAI_IMAGE_SIZE", "1024x1024"),
  STRICT_SIZE("--strict-size", "OPENAI_IMAGE_STRICT_SIZE", "false"),
  QUALITY("--quality", "OPENAI_IMAGE_QUALITY", null),
  N("--n", "OPENAI_IMAGE_N", "1"),
  OUTPUT_FORMAT("--output-format", "OPENAI_IMAGE_OUTPUT_FORMAT", null),
  FORMAT("--format", "OPENAI_IMAGE_FORMAT", null),
  RESPONSE_FORMAT("--response-format", "OPENAI_IMAGE_RESPONSE_FORMAT", null),
  BACKGROUND("--background", "OPENAI_IMAGE_BACKGROUND", null),
  MODERATION("--moderation", "OPENAI_IMAGE_MODERATION", null),
  OUTPUT_COMPRESSION("--output-compression", "OPENAI_IMAGE_OUTPUT_COMPRESSION", null),
  PARTIAL_IMAGES("--partial-images", "OPENAI_IMAGE_PARTIAL_IMAGES", null),
  INPUT_FIDELITY("--input-fidelity", "OPENAI_IMAGE_INPUT_FIDELITY", null),
  STYLE("--style", "OPENAI_IMAGE_STYLE", null),
  STREAM("--stream", "OPENAI_IMAGE_STREAM", null),
  USER("--user", "OPENAI_IMAGE_USER", null),
  EXTRA_JSON("--extra-json", "OPENAI_IMAGE_EXTRA_JSON", null),
  TIMEOUT("--timeout", "OPENAI_IMAGE_TIMEOUT", "600"),
  MAX_RETRIES("--max-retries", "OPENAI_IMAGE_MAX_RETRIES", "2"),
  SAVE_PARTIALS("--save-partials", "OPENAI_IMAGE_SAVE_PARTIALS", "false"),
  UPLOAD("--upload", "OPENAI_IMAGE_UPLOAD", "false"),
  EMULATOR("--emulator", "OPENAI_IMAGE_EMULATOR", "false"),
  CA_FILE("--ca-file", "OPENAI_IMAGE_CA_FILE", null),
  PROVIDER("--provider", "OPENAI_IMAGE_PROVIDER", null),
  DEPLOYMENT("--deployment", "AZURE_OPENAI_DEPLOYMENT", null),
  API_VERSION("--api-version", "OPENAI_API_VERSION", null),
  AZURE_ENDPOINT(null, "AZURE_OPENAI_ENDPOINT", null),
  AZURE_API_KEY(null, "AZURE_OPENAI_API_KEY", null),
  AZURE_AD_TOKEN(null, "AZURE_OPENAI_AD_TOKEN", null),
  PRICES(null, "OPENAI_IMAGE_PRICES", null);

  private final String flag;
  private final String variable;
  private final String defaultValue;

  Setting(String flag, String variable, String defaultValue) {
    this.flag = flag;
    this.variable = variable;
    this.defaultValue = defaultValue;
  }

  /** The command-line flag, or null where there is none (the keys, Azure's endpoint). */
  public String flag() {
    return flag;
  }

  public String variable() {
    return variable;
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** How messages name it: {@code --size / OPENAI_IMAGE_SIZE}. */
  public String label() {
    return flag == null ? variable : flag + " / " + variable;
  }
}
