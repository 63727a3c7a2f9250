package gptimage.batch;

import gptimage.client.ImageRequest;
import gptimage.client.Protocol;
import java.util.BitSet;
import java.util.Map;

/**
 * The job-file key {@code continue}: a job that continues an earlier job's Responses answer (its
 * {@code response_id}, sent as {@code previous_response_id}). The earlier job is a job on an
 * earlier line of the file, or a job an earlier run did whose record in {@code results.jsonl} has a
 * {@code response_id}; both jobs use the Responses protocol. A continuing job runs after the job it
 * continues.
 */
final class Continues {
  private Continues() {}

  /**
   * Why the job's {@code continue} is bad, as one line of the bad-lines message; null where it is
   * fine or absent.
   *
   * @param ids the explicit ids of earlier lines, to their line
   * @param implicit the earlier lines whose id is their line number
   */
  static String problem(
      Job job,
      ImageRequest request,
      Map<String, Integer> ids,
      BitSet implicit,
      Map<String, Results.Known> earlierRun) {
    String parent = job.continues();
    if (parent == null) {
      return null;
    }
    String at = "line " + job.line() + ": \"continue\": \"" + parent + "\"";
    if (request.protocol() != Protocol.OPENAI_RESPONSES) {
      return at
          + " needs the Responses protocol on this line (\"protocol\": \"openai_responses\").";
    }
    Integer line = ids.get(parent);
    if (line == null && parent.matches("[1-9]\\d{0,8}")) {
      int n = Integer.parseInt(parent);
      line = implicit.get(n) ? n : null;
    }
    if (line != null && line < job.line()) {
      return null;
    }
    Results.Known k = earlierRun.get(parent);
    if (line == null && k != null && k.done() && k.responseId() != null) {
      return null;
    }
    return at
        + " names no earlier job: give the id of a job on an earlier line, or of a job an earlier"
        + " run did with the Responses protocol.";
  }
}
