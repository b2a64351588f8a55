package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.outbound.OutboundCallLog;
import cn.hotline.call.sip.OutboundCalls;
import cn.hotline.call.sip.OutboundProperties;
import cn.hotline.media.port.MediaServer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Calls out of the centre: transfers of callers (numbers, another city's 12345) and callbacks from browsers. */
@Configuration(proxyBeanMethods = false)
class ExternalTransferConfiguration {

    @Bean
    ExternalTransfer externalTransfer(
            CallSessions calls,
            ObjectProvider<MediaServer> media,
            ObjectProvider<OutboundCalls> outbound,
            OutboundProperties properties,
            AcdManagement acd,
            OutboundCallLog records,
            cn.hotline.call.outbound.OutboundEvents events) {
        return new ExternalTransfer(calls, media, outbound, properties, acd, records, events, Clock.systemUTC());
    }

    @Bean
    CallbackDialer callbackDialer(
            ObjectProvider<MediaServer> media,
            ObjectProvider<OutboundCalls> outbound,
            ExternalTransfer numbers,
            AcdManagement acd,
            cn.hotline.call.admission.Admission admission,
            cn.hotline.call.callback.CallbackTasks tasks,
            OutboundCallLog records,
            cn.hotline.call.recording.CallRecordings recordings) {
        return new CallbackDialer(
                media, outbound, numbers, acd, admission, tasks, records, recordings, Clock.systemUTC());
    }
}
