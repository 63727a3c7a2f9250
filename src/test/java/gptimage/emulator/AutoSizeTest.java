package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The size an edit without {@code size} comes back at. */
class AutoSizeTest {
  @ParameterizedTest
  @CsvSource({
    "gpt-image-2,64,64,1024x1024",
    "gpt-image-2,1024,1024,1024x1024",
    "gpt-image-2,1600,900,1536x1024",
    "gpt-image-2,300,900,1024x1536",
    "gpt-image-2,1224,1000,1024x1024",
    "gpt-image-2,1300,1000,1536x1024",
    "gpt-image-1.5,4000,3000,1536x1024",
    "gpt-image-1-mini,10,4000,1024x1536",
    "some-gateway-model,3000,1000,1536x1024",
    "dall-e-2,64,64,1024x1024",
    "dall-e-2,300,100,1024x1024",
    "dall-e-3,1920,1080,1792x1024",
    "dall-e-3,512,512,1024x1024"
  })
  void nearestLegalSizeInAspect(String model, int w, int h, String size) {
    int[] wh = AutoSize.nearest(model, w, h);
    assertEquals(size, wh[0] + "x" + wh[1]);
    assertDoesNotThrow(() -> ImageSpec.size(model, size), "the model accepts it if asked");
  }
}
