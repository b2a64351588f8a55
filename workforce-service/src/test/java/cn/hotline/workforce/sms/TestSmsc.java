package cn.hotline.workforce.sms;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * A real SMPP 3.4 server (jSMPP's server session over TCP on loopback) standing in for an operator's SMSC: it accepts
 * binds with the expected credentials, records every submit_sm, answers with a message id and, 150 ms later, sends a
 * delivery receipt (deliver_sm with the SMSC-receipt bit): {@code DELIVRD}, or {@code UNDELIV} for numbers ending
 * in 0000.
 */
final class TestSmsc implements AutoCloseable {

    static final String SYSTEM_ID = "hotline-test";
    static final String PASSWORD = "secret12";

    /** One submit_sm as the SMSC saw it. */
    record Submit(String to, String from, byte esmClass, byte dataCoding, byte[] payload, String messageId) {

        boolean udhi() {
            return GSMSpecificFeature.UDHI.containedIn(esmClass);
        }

        /** The text, without the UDH when there is one. */
        String text() {
            int skip = udhi() ? (payload[0] & 0xff) + 1 : 0;
            return new String(payload, skip, payload.length - skip, StandardCharsets.UTF_16BE);
        }
    }

    private final SMPPServerSessionListener listener;
    private final int port;
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final List<String> rejectedBinds = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong ids = new AtomicLong(0x10000);
    private final Thread acceptor;

    TestSmsc() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        listener = new SMPPServerSessionListener(port);
        listener.setMessageReceiverListener(new Receiver());
        acceptor = Thread.ofPlatform().daemon().name("test-smsc").start(this::acceptLoop);
    }

    int port() {
        return port;
    }

    List<Submit> submits() {
        return List.copyOf(submits);
    }

    List<Submit> submitsTo(String number) {
        return submits.stream().filter(s -> s.to().equals(number)).toList();
    }

    private void acceptLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5_000);
                if (SYSTEM_ID.equals(bind.getSystemId()) && PASSWORD.equals(bind.getPassword())) {
                    bind.accept("test-smsc");
                } else {
                    rejectedBinds.add(bind.getSystemId());
                    bind.reject(0x0000000E);
                }
            } catch (Exception e) {
                if (listener.getPort() < 0) {
                    return;
                }
            }
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source)
                throws ProcessRequestException {
            String id = Long.toHexString(ids.incrementAndGet());
            submits.add(new Submit(
                    submit.getDestAddress(),
                    submit.getSourceAddr(),
                    submit.getEsmClass(),
                    submit.getDataCoding(),
                    submit.getShortMessage(),
                    id));
            DeliveryReceiptState state = submit.getDestAddress().endsWith("0000")
                    ? DeliveryReceiptState.UNDELIV
                    : DeliveryReceiptState.DELIVRD;
            timer.schedule(() -> receipt(source, submit, id, state), 150, TimeUnit.MILLISECONDS);
            try {
                return new SubmitSmResult(new MessageId(id), null);
            } catch (Exception e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            }
        }

        private void receipt(SMPPServerSession session, SubmitSm submit, String id, DeliveryReceiptState state) {
            DeliveryReceipt receipt = new DeliveryReceipt(
                    id,
                    1,
                    state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                    new Date(),
                    new Date(),
                    state,
                    state == DeliveryReceiptState.DELIVRD ? "000" : "001",
                    "");
            try {
                session.deliverShortMessage(
                        "CMT",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        submit.getDestAddress(),
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        submit.getSourceAddr(),
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0,
                        (byte) 0,
                        new RegisteredDelivery(0),
                        GeneralDataCoding.DEFAULT,
                        receipt.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException("the test SMSC could not send a receipt", e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
                QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }

    @Override
    public void close() throws IOException {
        acceptor.interrupt();
        timer.shutdownNow();
        listener.close();
    }
}
