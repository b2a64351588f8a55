package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
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
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * An SMPP 3.4 SMSC on loopback for the demo and the tests, in this JVM (jSMPP's server session; no operator gateway
 * can run here): it accepts binds with its system id and password (others are refused with {@code ESME_RINVPASWD}),
 * records every {@code submit_sm}, answers it with a message id and, {@code receiptDelay} later, when the submit asked
 * for one, sends a delivery receipt ({@code deliver_sm} with the SMSC-receipt bit): {@code DELIVRD}, or
 * {@code UNDELIV} for destination numbers ending in {@code 0000} (so a test can see a failure end to end). Every bind,
 * submit and receipt is a line in its log file.
 */
public final class SmscServer implements Server, AutoCloseable {

    /** The receipt state for destination numbers ending in this: {@code UNDELIV}. */
    public static final String UNDELIVERABLE_SUFFIX = "0000";

    private static final int ESME_RINVPASWD = 0x0000000E;
    private static final int ESME_RINVCMDID = 0x00000003;
    private static final int ESME_RSYSERR = 0x00000008;

    /** One {@code submit_sm} as the SMSC saw it. */
    public record Submit(String to, String from, byte esmClass, byte dataCoding, byte[] payload, String messageId) {

        /** Whether the payload starts with a user data header (a segment of a concatenated message). */
        public boolean udhi() {
            return GSMSpecificFeature.UDHI.containedIn(esmClass);
        }

        /** The text (UCS-2 as the platform sends it), without the UDH when there is one. */
        public String text() {
            int skip = udhi() ? (payload[0] & 0xff) + 1 : 0;
            return new String(payload, skip, payload.length - skip, StandardCharsets.UTF_16BE);
        }
    }

    private final int port;
    private final String systemId;
    private final String password;
    private final Duration receiptDelay;
    private final Path logFile;
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final List<String> rejectedBinds = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(0x10000);
    private final Object lock = new Object();
    private @Nullable SMPPServerSessionListener listener;
    private @Nullable ScheduledExecutorService timer;
    private @Nullable Thread acceptor;

    public SmscServer(int port, String systemId, String password, Duration receiptDelay, Path logFile) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        if (systemId.isBlank() || systemId.length() > 15 || password.isBlank() || password.length() > 8) {
            throw new IllegalArgumentException("SMPP allows a system id of 1-15 and a password of 1-8 characters");
        }
        this.port = port;
        this.systemId = systemId;
        this.password = password;
        this.receiptDelay = receiptDelay;
        this.logFile = logFile;
    }

    /** Started on a free loopback port with the given credentials (for a test that runs its own SMSC). */
    public static SmscServer started(String systemId, String password, Path logFile) {
        SmscServer smsc = new SmscServer(Ports.freeTcpPort(), systemId, password, Duration.ofMillis(150), logFile);
        smsc.start();
        return smsc;
    }

    @Override
    public String name() {
        return "smsc";
    }

    public int port() {
        return port;
    }

    public String systemId() {
        return systemId;
    }

    public String password() {
        return password;
    }

    /** Every submit so far, in arrival order. */
    public List<Submit> submits() {
        return List.copyOf(submits);
    }

    public List<Submit> submitsTo(String number) {
        return submits.stream().filter(s -> s.to().equals(number)).toList();
    }

    /** The system ids of binds refused for bad credentials. */
    public List<String> rejectedBinds() {
        return List.copyOf(rejectedBinds);
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (listener != null) {
                return;
            }
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                SMPPServerSessionListener opened = new SMPPServerSessionListener(port, 1_000, new LoopbackOnly());
                opened.setMessageReceiverListener(new Receiver());
                listener = opened;
            } catch (IOException e) {
                throw new StackStartException("smsc: cannot listen on " + Ports.LOOPBACK_HOST + ":" + port, e);
            }
            timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("smsc-receipts").factory());
            SMPPServerSessionListener accepting = listener;
            acceptor = Thread.ofPlatform().daemon().name("smsc-accept").start(() -> acceptLoop(accepting));
            log("listening on " + Ports.LOOPBACK_HOST + ":" + port + " as system id " + systemId);
        }
    }

    private void acceptLoop(SMPPServerSessionListener accepting) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = accepting.accept();
                BindRequest bind = session.waitForBind(5_000);
                if (systemId.equals(bind.getSystemId()) && password.equals(bind.getPassword())) {
                    bind.accept("devstack-smsc");
                    log("bind " + bind.getBindType() + " of " + bind.getSystemId() + " accepted");
                } else {
                    rejectedBinds.add(bind.getSystemId());
                    bind.reject(ESME_RINVPASWD);
                    log("bind of " + bind.getSystemId() + " refused: bad credentials");
                }
            } catch (java.net.SocketTimeoutException timeout) {
                // the listener's accept timeout: look at the interrupt flag again
            } catch (Exception e) {
                synchronized (lock) {
                    if (listener != accepting) {
                        return; // closed
                    }
                }
                log("bind failed: " + e);
            }
        }
    }

    private void log(String line) {
        try {
            Files.writeString(
                    logFile,
                    Instant.now() + " " + line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
            DeliveryReceiptState state = submit.getDestAddress().endsWith(UNDELIVERABLE_SUFFIX)
                    ? DeliveryReceiptState.UNDELIV
                    : DeliveryReceiptState.DELIVRD;
            log("submit_sm " + id + " to " + mask(submit.getDestAddress()) + " (" + submit.getShortMessage().length
                    + " bytes, data coding " + submit.getDataCoding() + ")");
            ScheduledExecutorService receipts = timer;
            if (receipts != null && (submit.getRegisteredDelivery() & 0x03) != 0) {
                receipts.schedule(
                        () -> receipt(source, submit, id, state), receiptDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                return new SubmitSmResult(new MessageId(id), null);
            } catch (Exception e) {
                throw new ProcessRequestException(e.getMessage(), ESME_RSYSERR);
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
                log("receipt " + id + " " + state);
            } catch (Exception e) {
                log("receipt " + id + " not sent: " + e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi is not supported", ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
                QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm is not supported", ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", ESME_RINVCMDID);
        }
    }

    /** Listens on loopback only (jSMPP's own factory binds every interface). */
    private static final class LoopbackOnly implements ServerConnectionFactory {

        @Override
        public ServerConnection listen(int port) throws IOException {
            return listen(port, 0, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout) throws IOException {
            return listen(port, timeout, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
            ServerSocket socket = new ServerSocket(port, backlog, InetAddress.getByName(Ports.LOOPBACK_HOST));
            socket.setSoTimeout(timeout);
            return new ServerSocketConnection(socket);
        }
    }

    /** Numbers in the log only masked (they may be real citizens' numbers in a demo). */
    private static String mask(String number) {
        return number.length() <= 7 ? "****" : number.substring(0, 3) + "****" + number.substring(number.length() - 4);
    }

    @Override
    public void stop() {
        SMPPServerSessionListener open;
        synchronized (lock) {
            open = listener;
            listener = null;
            if (acceptor != null) {
                acceptor.interrupt();
                acceptor = null;
            }
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
            }
        }
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing a listening socket: nothing left to do
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(Ports.LOOPBACK_HOST + ":" + port + " (smpp, system id " + systemId + ")");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(port);
    }

    /** It runs in this JVM: no process of its own. */
    @Override
    public List<ProcessHandle> processes() {
        return List.of();
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
