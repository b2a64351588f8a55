package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's SMSC over real SMPP sessions on loopback: binds, submits, message ids and delivery receipts. */
class SmscServerTest {

    @TempDir
    Path dir;

    private static SMPPSession bind(SmscServer smsc, String password, MessageReceiverListener receipts)
            throws Exception {
        SMPPSession session = new SMPPSession();
        session.setMessageReceiverListener(receipts);
        session.connectAndBind(
                "127.0.0.1",
                smsc.port(),
                new BindParameter(
                        BindType.BIND_TRX,
                        smsc.systemId(),
                        password,
                        "cp",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        null),
                5_000);
        return session;
    }

    private static String submit(SMPPSession session, String to, String text) throws Exception {
        return session.submitShortMessage(
                        "CMT",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        "12345",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        to,
                        new ESMClass(),
                        (byte) 0,
                        (byte) 1,
                        null,
                        null,
                        new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                        (byte) 0,
                        new GeneralDataCoding(Alphabet.ALPHA_UCS2, MessageClass.CLASS1, false),
                        (byte) 0,
                        text.getBytes(StandardCharsets.UTF_16BE))
                .getMessageId();
    }

    @Test
    void answersASubmitWithAnIdAndSendsItsReceiptAndRefusesBadCredentials() throws Exception {
        Map<String, String> receipts = new ConcurrentHashMap<>();
        CountDownLatch two = new CountDownLatch(2);
        MessageReceiverListener listener = new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                try {
                    var receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                    receipts.put(receipt.getId(), receipt.getFinalStatus().name());
                    two.countDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {}

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                throw new UnsupportedOperationException();
            }
        };
        try (SmscServer smsc = SmscServer.started("hotline", "pw123456", dir.resolve("smsc.log"))) {
            SMPPSession session = bind(smsc, "pw123456", listener);
            try {
                String delivered = submit(session, "13900139001", "您的工单已办结");
                String undeliverable = submit(session, "13900130000", "test");
                assertThat(delivered).isNotEqualTo(undeliverable);
                assertThat(two.await(10, TimeUnit.SECONDS)).as("two receipts").isTrue();
                assertThat(receipts).containsEntry(delivered, "DELIVRD").containsEntry(undeliverable, "UNDELIV");
                assertThat(smsc.submitsTo("13900139001")).singleElement().satisfies(s -> {
                    assertThat(s.text()).isEqualTo("您的工单已办结");
                    assertThat(s.messageId()).isEqualTo(delivered);
                    assertThat(s.from()).isEqualTo("12345");
                });
            } finally {
                session.unbindAndClose();
            }
            assertThatThrownBy(() -> bind(smsc, "wrong", listener)).isNotNull();
            assertThat(smsc.rejectedBinds()).containsExactly("hotline");
            String log = Files.readString(dir.resolve("smsc.log"));
            assertThat(log)
                    .contains("bind of hotline refused")
                    .contains("139****9001")
                    .doesNotContain("13900139001");
        }
    }
}
