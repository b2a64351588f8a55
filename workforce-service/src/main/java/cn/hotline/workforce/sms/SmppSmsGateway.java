package cn.hotline.workforce.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * SMPP 3.4 through jSMPP: one {@code bind_transceiver} session to the operator's SMSC ({@code cc.workforce.sms.smpp}),
 * opened on first use and again after it dropped. Each text goes as UCS-2 ({@code data_coding 8}) with a delivery
 * receipt requested; a long one as UDH-concatenated segments ({@link SmsSegments}, {@code esm_class} UDHI). Receipts
 * ({@code deliver_sm} with the SMSC-receipt bit) go to {@link SmsReceipts}. jSMPP is blocking: submits run on the
 * bounded elastic scheduler.
 */
@Component
final class SmppSmsGateway implements SmsGateway, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmppSmsGateway.class);

    private final SmsProperties.Smpp properties;
    private final SmsReceipts receipts;
    private @Nullable SMPPSession session;

    SmppSmsGateway(SmsProperties properties, SmsReceipts receipts) {
        this.properties = properties.smpp();
        this.receipts = receipts;
    }

    @Override
    public String provider() {
        return "SMPP";
    }

    @Override
    public Mono<Submission> submit(OutgoingSms sms) {
        if (!properties.enabled()) {
            return Mono.just(new Submission.Rejected("SMPP is not configured (cc.workforce.sms.smpp.enabled=false)"));
        }
        return Mono.fromCallable(() -> submitBlocking(sms))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(error -> {
                    log.warn("SMPP submit of {} failed: {}", sms.message(), error.toString());
                    drop();
                    return Mono.just(new Submission.Rejected("SMPP: " + error));
                });
    }

    private Submission submitBlocking(OutgoingSms sms) throws Exception {
        SMPPSession bound = session();
        List<byte[]> segments =
                SmsSegments.ucs2(sms.text(), ThreadLocalRandom.current().nextInt(256));
        ESMClass esm = segments.size() == 1
                ? new ESMClass()
                : new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI);
        List<String> ids = new ArrayList<>();
        for (byte[] segment : segments) {
            ids.add(bound.submitShortMessage(
                            "CMT",
                            TypeOfNumber.UNKNOWN,
                            NumberingPlanIndicator.UNKNOWN,
                            properties.sourceAddress(),
                            TypeOfNumber.UNKNOWN,
                            NumberingPlanIndicator.ISDN,
                            sms.to(),
                            esm,
                            (byte) 0,
                            (byte) 1,
                            null,
                            null,
                            new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                            (byte) 0,
                            new GeneralDataCoding(Alphabet.ALPHA_UCS2),
                            (byte) 0,
                            segment)
                    .getMessageId());
        }
        return new Submission.Accepted(ids);
    }

    private synchronized SMPPSession session() throws Exception {
        SMPPSession current = session;
        if (current != null && current.getSessionState().isBound()) {
            return current;
        }
        if (current != null) {
            current.unbindAndClose();
        }
        SMPPSession fresh = new SMPPSession();
        fresh.setTransactionTimer(properties.timeout().toMillis());
        fresh.setEnquireLinkTimer(30_000);
        fresh.setMessageReceiverListener(new Receipts());
        fresh.connectAndBind(
                properties.host(),
                properties.port(),
                new BindParameter(
                        BindType.BIND_TRX,
                        properties.systemId(),
                        properties.password(),
                        "cc",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        null),
                properties.timeout().toMillis());
        log.info("SMPP transceiver bound to {}:{} as {}", properties.host(), properties.port(), properties.systemId());
        session = fresh;
        return fresh;
    }

    private synchronized void drop() {
        SMPPSession current = session;
        session = null;
        if (current != null) {
            current.unbindAndClose();
        }
    }

    @Override
    public void destroy() {
        drop();
    }

    /** deliver_sm from the SMSC: receipts are recorded; mobile-originated texts are not handled yet. */
    private final class Receipts implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                log.info("SMPP: a mobile-originated message arrived and was ignored");
                return;
            }
            try {
                DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                String error = receipt.getError();
                // The receipt is acknowledged at once; recording it is asynchronous work off jSMPP's reader thread.
                receipts.receipt(
                                receipt.getId(),
                                receipt.getFinalStatus().name(),
                                error == null || error.equals("000") ? null : error)
                        .subscribe();
            } catch (InvalidDeliveryReceiptException e) {
                log.warn("SMPP: unreadable delivery receipt: {}", e.getMessage());
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {}

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", 0x00000003);
        }
    }
}
