package gptimage.batch;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets what a batch's jobs were estimated to cost before they ran against what their answers' usage
 * says they cost, for the summary's {@code cost_check}: {@code estimated_usd} (every job run),
 * {@code from_usage_usd} and {@code estimated_for_those_usd} (the jobs whose answers carried
 * usage), {@code difference_usd} (usage less estimate, for those jobs), and {@code
 * estimate_only_usd} (jobs whose cost is only the estimate: no usage came back).
 */
final class CostReconciliation {
  private double estimated;
  private double fromUsage;
  private double estimatedForUsage;
  private double estimateOnly;
  private int jobsWithUsage;
  private int jobsEstimateOnly;

  /**
   * Counts one result record ({@code estimated_cost_usd}, {@code cost_usd}, {@code cost_basis}).
   */
  void add(Map<?, ?> record) {
    double estimate = number(record.get("estimated_cost_usd"));
    estimated += estimate;
    if (!(record.get("cost_usd") instanceof Number cost)) {
      return;
    }
    if ("usage".equals(record.get("cost_basis"))) {
      fromUsage += cost.doubleValue();
      estimatedForUsage += estimate;
      jobsWithUsage++;
    } else {
      estimateOnly += cost.doubleValue();
      jobsEstimateOnly++;
    }
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("estimated_usd", usd(estimated));
    m.put("jobs_with_usage", jobsWithUsage);
    m.put("from_usage_usd", usd(fromUsage));
    m.put("estimated_for_those_usd", usd(estimatedForUsage));
    m.put("difference_usd", usd(fromUsage - estimatedForUsage));
    m.put("jobs_estimate_only", jobsEstimateOnly);
    m.put("estimate_only_usd", usd(estimateOnly));
    return m;
  }

  private static BigDecimal usd(double v) {
    return BigDecimal.valueOf(Math.round(v * 1e6) / 1e6);
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
