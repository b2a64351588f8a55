package cn.hotline.call.history;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Turns rows of {@code acd_decision} (as {@code AcdStore} writes them) into call events. */
public final class Decisions {

    private static final Pattern QUEUED = Pattern.compile("(\\S+) priority (-?\\d+)");
    private static final Pattern REJECTED = Pattern.compile("(\\S+) (\\S+)");
    private static final Pattern STATE = Pattern.compile("([A-Z_]+)->([A-Z_]+)(?:\\((.*)\\))?");

    private Decisions() {}

    /** One decision row. */
    public record Row(
            long id, String kind, @Nullable UUID call, @Nullable String agent, @Nullable String detail, Instant at) {

        public static Row of(io.r2dbc.spi.Readable row) {
            return new Row(
                    Objects.requireNonNull(row.get("id", Long.class)),
                    Objects.requireNonNull(row.get("kind", String.class)),
                    row.get("call_id", UUID.class),
                    row.get("agent_id", String.class),
                    row.get("detail", String.class),
                    Objects.requireNonNull(row.get("at", OffsetDateTime.class)).toInstant());
        }
    }

    /** The event a decision stands for; empty for kinds that are not call events (an agent's enrolment). */
    public static Optional<CallEvent> event(Row row) {
        long seq = row.id();
        String detail = row.detail() == null ? "" : row.detail();
        return switch (row.kind()) {
            case "CallArrived" -> {
                Matcher m = QUEUED.matcher(detail);
                yield m.matches()
                        ? Optional.of(new CallEvent.CallArrived(
                                seq, call(row), m.group(1), Integer.parseInt(m.group(2)), row.at()))
                        : Optional.empty();
            }
            case "CallQueued" -> {
                Matcher m = QUEUED.matcher(detail);
                yield m.matches()
                        ? Optional.of(new CallEvent.CallQueued(
                                seq, call(row), m.group(1), Integer.parseInt(m.group(2)), row.at()))
                        : Optional.empty();
            }
            case "CallOverflowed" -> Optional.of(new CallEvent.CallOverflowed(seq, call(row), detail, row.at()));
            case "CallOffered" -> Optional.of(new CallEvent.CallOffered(seq, call(row), agent(row), row.at()));
            case "CallRingTimedOut" ->
                Optional.of(new CallEvent.CallRingTimedOut(seq, call(row), agent(row), row.at()));
            case "CallAnswered" -> Optional.of(new CallEvent.CallAnswered(seq, call(row), agent(row), row.at()));
            case "CallEnded" -> Optional.of(new CallEvent.CallEnded(seq, call(row), agent(row), row.at()));
            case "CallAbandoned" -> Optional.of(new CallEvent.CallAbandoned(seq, call(row), row.at()));
            case "CallRejected" -> {
                Matcher m = REJECTED.matcher(detail);
                yield m.matches()
                        ? Optional.of(new CallEvent.CallRejected(seq, call(row), m.group(1), m.group(2), row.at()))
                        : Optional.empty();
            }
            case "AgentStateChanged" -> {
                Matcher m = STATE.matcher(detail);
                yield m.matches()
                        ? Optional.of(new CallEvent.AgentStateChanged(
                                seq, agent(row), m.group(1), m.group(2), m.group(3), row.at()))
                        : Optional.empty();
            }
            case "CallTransferred" -> {
                String[] parts = detail.split(" ");
                yield parts.length == 2
                        ? Optional.of(new CallEvent.CallTransferred(
                                seq, call(row), agent(row), parts[0], parts[1], null, row.at()))
                        : Optional.empty();
            }
            case "ConsultStarted" -> {
                String[] parts = detail.split(" ");
                yield parts.length == 3
                        ? Optional.of(new CallEvent.ConsultStarted(
                                seq,
                                call(row),
                                agent(row),
                                parts[0],
                                parts[1],
                                new CallId(UUID.fromString(parts[2])),
                                row.at()))
                        : Optional.empty();
            }
            case "ConsultEnded" -> {
                String[] parts = detail.split(" ");
                yield parts.length == 3
                        ? Optional.of(new CallEvent.ConsultEnded(
                                seq,
                                call(row),
                                agent(row),
                                new CallId(UUID.fromString(parts[1])),
                                "-".equals(parts[2]) ? null : parts[2],
                                parts[0],
                                row.at()))
                        : Optional.empty();
            }
            case "ConferenceStarted" -> {
                String[] parts = detail.split(" ");
                yield parts.length == 2
                        ? Optional.of(new CallEvent.ConferenceStarted(
                                seq, call(row), agent(row), new CallId(UUID.fromString(parts[0])), parts[1], row.at()))
                        : Optional.empty();
            }
            case "CallLeftQueue" -> Optional.of(new CallEvent.CallLeftQueue(seq, call(row), detail, row.at()));
            case "DtmfSent" -> Optional.of(new CallEvent.DtmfSent(seq, call(row), agent(row), detail, row.at()));
            case "SurveyAnswered" ->
                detail.matches("[1-9]")
                        ? Optional.of(new CallEvent.SurveyAnswered(seq, call(row), Integer.parseInt(detail), row.at()))
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static CallId call(Row row) {
        if (row.call() == null) {
            throw new IllegalStateException("decision " + row.id() + " (" + row.kind() + ") has no call");
        }
        return new CallId(row.call());
    }

    private static String agent(Row row) {
        if (row.agent() == null) {
            throw new IllegalStateException("decision " + row.id() + " (" + row.kind() + ") has no agent");
        }
        return row.agent();
    }
}
