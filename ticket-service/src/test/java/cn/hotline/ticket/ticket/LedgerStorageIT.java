package cn.hotline.ticket.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Satisfaction;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.UnitCode;
import cn.hotline.ticket.ticket.domain.Urgency;
import cn.hotline.ticket.ticket.domain.WarningLevel;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Every ledger event survives its stored form, personal data only sealed; the app role cannot rewrite the ledger. */
@TicketServiceTest
class LedgerStorageIT {

    @Autowired
    LedgerCodec codec;

    @Autowired
    DatabaseClient db;

    @Autowired
    TicketTransactions tx;

    static final UnitCode A = UnitCode.of("unit-a");
    static final UnitCode B = UnitCode.of("unit-b");

    static List<TicketEvent> everyEvent() {
        TicketId id = new TicketId(UUID.fromString("0190a000-0000-7000-8000-00000000000a"));
        TicketId other = new TicketId(UUID.fromString("0190a000-0000-7000-8000-00000000000b"));
        CallId call = new CallId(UUID.fromString("0190a000-0000-7000-8000-00000000000c"));
        return List.of(
                new TicketEvent.TicketOpened(
                        id,
                        Channel.WECHAT,
                        RequestKind.REPORT,
                        "mi.fraud",
                        Urgency.URGENT,
                        true,
                        new Citizen("匿名", "13800138000", "wx:abc"),
                        "举报骗保",
                        "某药店",
                        "xixiangtang",
                        List.of(call),
                        "NN-1",
                        "nanning.qingxiu"),
                new TicketEvent.AnsweredDirectly("答复"),
                new TicketEvent.SentForReview("请审核"),
                new TicketEvent.TicketDispatched(A, List.of(B), "交办"),
                new TicketEvent.SecondLevelDispatched(A, B, "二级"),
                new TicketEvent.TicketSignedFor(A),
                new TicketEvent.ReturnRequested(A, "非本单位"),
                new TicketEvent.ReturnReviewed(true, "同意"),
                new TicketEvent.ExtensionRequested(A, 3, "需协调"),
                new TicketEvent.ExtensionReviewed(false, 3, "不同意"),
                new TicketEvent.TicketSuspended("等材料"),
                new TicketEvent.TicketResumed("已补充"),
                new TicketEvent.TicketTransferred(A, B, "转交"),
                new TicketEvent.TicketReplied(A, "已处理"),
                new TicketEvent.ResultReviewed(false, "重办"),
                new TicketEvent.NoteAdded(null, "中心备注"),
                new TicketEvent.TicketUrged("催办"),
                new TicketEvent.TicketSupervised("督办"),
                new TicketEvent.CallbackRecorded(Satisfaction.DISSATISFIED, "不满意", 2, true),
                new TicketEvent.TicketClosed("办结"),
                new TicketEvent.TicketArchived(),
                new TicketEvent.CallLinked(call),
                new TicketEvent.MergedInto(other, "重复"),
                new TicketEvent.DuplicateAbsorbed(other),
                new TicketEvent.WarningRaised("sign-for@1793000000", WarningLevel.RED));
    }

    @Test
    void everyEventTypeRoundTripsThroughItsStoredFormAndOnlyTheOpeningHoldsSealedPersonalData() {
        TenantId tenant = TenantId.of("ledger-codec");
        List<TicketEvent> events = everyEvent();
        assertThat(events.stream().map(e -> e.getClass()).distinct())
                .as("one of each event type")
                .containsExactlyInAnyOrder(Arrays.stream(TicketEvent.class.getPermittedSubclasses())
                        .map(c -> c.asSubclass(TicketEvent.class))
                        .toArray(Class[]::new));
        for (TicketEvent event : events) {
            String payload = codec.payloadText(event);
            byte[] personal = codec.personal(tenant, event);
            assertThat(payload).doesNotContain("13800138000").doesNotContain("wx:abc");
            assertThat(personal != null).isEqualTo(event instanceof TicketEvent.TicketOpened);
            assertThat(codec.event(tenant, event.type(), payload, personal)).isEqualTo(event);
        }
    }

    @Test
    void theAppRoleCannotRewriteOrDeleteTheLedger() {
        TenantContext context = TenantContext.of(TenantId.of("ledger-codec"));
        assertThatThrownBy(() -> tx.run(
                                context,
                                db.sql("UPDATE ticket_ledger SET type = 'Forged'")
                                        .fetch()
                                        .rowsUpdated())
                        .block())
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> tx.run(
                                context,
                                db.sql("DELETE FROM ticket_ledger").fetch().rowsUpdated())
                        .block())
                .hasMessageContaining("permission denied");
    }
}
