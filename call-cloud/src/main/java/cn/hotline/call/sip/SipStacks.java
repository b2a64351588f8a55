package cn.hotline.call.sip;

import gov.nist.core.CommonLogger;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.SipFactory;
import org.slf4j.Logger;

/**
 * What call-cloud's JAIN-SIP stacks (the inbound edge and the outbound UAC) share: logging through SLF4J, installed
 * before any stack class logs (otherwise JAIN-SIP reaches for log4j 1.x), automatic dialogs, a re-entrant listener and
 * a name unique in the JVM.
 */
final class SipStacks {

    private static final AtomicLong STACKS = new AtomicLong();

    private SipStacks() {}

    /** The NIST implementation's factory, with JAIN-SIP's logging sent to SLF4J. */
    static SipFactory factory() {
        CommonLogger.legacyLogger = new Slf4jStackLogger();
        CommonLogger.useLegacyLogger = true;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory;
    }

    /** The stack's settings: {@code name} and a number, {@code threads} for its pool, message tracing with {@code log}. */
    static Properties config(String name, int threads, Logger log) {
        Properties config = new Properties();
        config.setProperty("javax.sip.STACK_NAME", name + "-" + STACKS.incrementAndGet());
        config.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        config.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        config.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        config.setProperty("gov.nist.javax.sip.TRACE_LEVEL", log.isDebugEnabled() ? "DEBUG" : "ERROR");
        config.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        config.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(threads));
        config.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        return config;
    }
}
