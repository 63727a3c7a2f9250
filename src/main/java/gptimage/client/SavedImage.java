package gptimage.client;

import java.nio.file.Path;

/**
 * One saved image.
 *
 * @param file absolute path
 * @param mimeType the type read from the bytes
 * @param bytes file size
 * @param width pixels, 0 where unknown
 * @param height pixels, 0 where unknown
 * @param revisedPrompt the prompt the model used, where the API gave one, else null
 */
public record SavedImage(
    Path file, String mimeType, long bytes, int width, int height, String revisedPrompt) {}
