package cn.hotline.call.report;

/** The period a report row covers, in the tenant's time zone. */
public enum Granularity {
    HALF_HOUR("date_bin('30 minutes', %s, TIMESTAMP '2000-01-01')"),
    DAY("date_trunc('day', %s)"),
    WEEK("date_trunc('week', %s)"),
    MONTH("date_trunc('month', %s)");

    private final String bucket;

    Granularity(String bucket) {
        this.bucket = bucket;
    }

    /** SQL bucketing the local timestamp expression {@code local}. */
    String bucket(String local) {
        return bucket.formatted(local);
    }
}
