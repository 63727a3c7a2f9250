package gptimage.cli;

import gptimage.config.CaFiles;
import gptimage.config.Configuration;
import gptimage.wire.Trust;

/** The https trust a command uses: {@link CaFiles#trust} with the command's environment. */
final class TrustOption {
  private TrustOption() {}

  /**
   * @throws gptimage.UsageException naming the setting whose file cannot be read or holds no
   *     certificate
   */
  static Trust of(Configuration config, Environment env) {
    return CaFiles.trust(config, env.variables(), env.workingDirectory());
  }
}
