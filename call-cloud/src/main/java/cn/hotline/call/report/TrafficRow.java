package cn.hotline.call.report;

import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One report row: counts for a period (and group or agent), and the rates computed from them.
 *
 * @param period start of the period, local time of the tenant
 * @param key {@code ALL}, the skill group, or the agent
 * @param offered calls that arrived, short abandons left out when the tenant excludes them
 * @param answered calls an agent answered
 * @param abandoned callers who hung up before an answer (short abandons left out when excluded)
 * @param shortAbandoned callers who hung up within the threshold (reported either way)
 * @param rejected calls the ACD refused (queue full)
 * @param answeredWithin15 answered within 15 s of arriving
 * @param answeredWithin20 answered within 20 s of arriving
 * @param serviceLevel15 {@link TrafficReport#SERVICE_LEVEL_FORMULA} at 15 s; null without offered calls
 * @param serviceLevel20 the same at 20 s
 * @param answerRate {@link TrafficReport#ANSWER_RATE_FORMULA}
 * @param abandonRate {@link TrafficReport#ABANDON_RATE_FORMULA}
 * @param asaSeconds average speed of answer: mean wait of answered calls
 * @param ahtSeconds average handle time: {@link TrafficReport#AHT_FORMULA} (talk time plus after-call work)
 * @param maxWaitSeconds longest wait, answered or not
 * @param surveyed calls whose caller answered the post-call satisfaction survey
 * @param satisfied surveys scored 4 or 5
 * @param satisfactionRate {@link TrafficReport#SATISFACTION_FORMULA}; null without surveys
 * @param averageScore mean survey score (1-5); null without surveys
 * @param abandonedInIvr callers who hung up in the IVR before reaching a queue ({@link
 *     TrafficReport#IVR_ABANDON_NOTE}): not in offered or abandoned
 * @param keptForCallback callers who kept their place at the wait limit to be called back ({@link
 *     TrafficReport#LEFT_QUEUE_NOTE}): in offered, neither answered nor abandoned
 * @param voicemail callers who left a message at the wait limit (or were sent to voicemail): the same
 */
public record TrafficRow(
        LocalDateTime period,
        String key,
        long offered,
        long answered,
        long abandoned,
        long shortAbandoned,
        long rejected,
        long answeredWithin15,
        long answeredWithin20,
        @Nullable Double serviceLevel15,
        @Nullable Double serviceLevel20,
        @Nullable Double answerRate,
        @Nullable Double abandonRate,
        @Nullable Double asaSeconds,
        @Nullable Double ahtSeconds,
        @Nullable Double maxWaitSeconds,
        long surveyed,
        long satisfied,
        @Nullable Double satisfactionRate,
        @Nullable Double averageScore,
        long abandonedInIvr,
        long keptForCallback,
        long voicemail) {

    /** Counts as the database returns them; rates follow the tenant's choice on short abandons. */
    static TrafficRow of(
            LocalDateTime period,
            String key,
            long arrived,
            long answered,
            long abandonedAll,
            long shortAbandoned,
            long rejected,
            long within15,
            long within20,
            @Nullable Double asa,
            @Nullable Double aht,
            @Nullable Double maxWait,
            ShortAbandons shortAbandons,
            long surveyed,
            long satisfied,
            @Nullable Double averageScore,
            long abandonedInIvr,
            long keptForCallback,
            long voicemail) {
        long excluded = shortAbandons == ShortAbandons.EXCLUDE ? shortAbandoned : 0;
        long offered = arrived - excluded;
        long abandoned = abandonedAll - excluded;
        return new TrafficRow(
                period,
                key,
                offered,
                answered,
                abandoned,
                shortAbandoned,
                rejected,
                within15,
                within20,
                ratio(within15, offered),
                ratio(within20, offered),
                ratio(answered, offered),
                ratio(abandoned, offered),
                asa,
                aht,
                maxWait,
                surveyed,
                satisfied,
                ratio(satisfied, surveyed),
                averageScore,
                abandonedInIvr,
                keptForCallback,
                voicemail);
    }

    private static @Nullable Double ratio(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
