package gptimage.batch;

import gptimage.config.Setting;
import java.util.List;
import java.util.Map;

/**
 * One line of a job file.
 *
 * @param line 1-based line number in the file
 * @param id the line's {@code id}, or its line number as text
 * @param name the line's {@code name} (the file name stem), or null for {@code NNN-<slug>}
 * @param prompt the prompt
 * @param settings the line's own options, which win over the command's
 * @param images input images as written (relative to the job file's folder)
 * @param mask the mask as written, {@code auto}, or null
 * @param continues the {@code id} of the earlier job (this run's or an earlier run's) whose
 *     Responses answer this one continues ({@code previous_response_id}), or null
 */
public record Job(
    int line,
    String id,
    String name,
    String prompt,
    Map<Setting, String> settings,
    List<String> images,
    String mask,
    String continues) {}
