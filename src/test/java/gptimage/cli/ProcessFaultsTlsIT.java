package gptimage.cli;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import java.io.IOException;
import java.util.Map;

/**
 * {@link ProcessFaultsIT} again over https: signals mid-download and mid-stream, many processes
 * saving at once and a batch, each launcher trusting the emulator's certificate by {@code
 * OPENAI_IMAGE_CA_FILE}.
 */
class ProcessFaultsTlsIT extends ProcessFaultsIT {
  @Override
  Emulator startEmulator(EmulatorOptions options) throws IOException {
    return Emulator.start(options.tls(FaultMatrixTlsTest.IDENTITY));
  }

  @Override
  Map<String, String> moreEnvironment() {
    return Map.of("OPENAI_IMAGE_CA_FILE", FaultMatrixTlsTest.PEM.toString());
  }
}
