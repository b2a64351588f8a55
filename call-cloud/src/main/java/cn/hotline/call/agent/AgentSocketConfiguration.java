package cn.hotline.call.agent;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.messaging.MessageFrames;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.SecurityProblems;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Maps {@code /ws/agent} to the agent socket, guarded by {@link AgentSocketGate}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentSocketProperties.class)
class AgentSocketConfiguration {

    @Bean
    AgentSocket agentSocket(
            AcdManagement acd,
            cn.hotline.call.session.CallSessions calls,
            JsonMapper json,
            AgentSocketProperties properties,
            MessageFrames messages,
            cn.hotline.call.session.AgentRejoin rejoin,
            org.springframework.beans.factory.ObjectProvider<cn.hotline.call.session.ExternalTransfer> transfers,
            org.springframework.beans.factory.ObjectProvider<cn.hotline.call.session.CallbackDialer> dialer,
            CallCommandRouting routing,
            AgentPushes pushes) {
        return new AgentSocket(
                acd,
                calls,
                json,
                properties,
                messages,
                rejoin,
                new OutboundCommands(transfers, dialer, json),
                routing,
                pushes);
    }

    // ---- live calls across instances: call-scoped commands go to the call's owner, its pushes come back ----

    @Bean
    cn.hotline.call.session.LiveCallOwners liveCallOwners(
            org.springframework.data.redis.core.ReactiveStringRedisTemplate redis, AcdManagement acd) {
        return new cn.hotline.call.session.LiveCallOwners(redis, acd);
    }

    @Bean
    CallCommandRouting callCommandRouting(
            cn.hotline.call.session.LiveCallOwners owners,
            AcdManagement acd,
            JsonMapper json,
            cn.hotline.kernel.security.SecurityProperties security,
            cn.hotline.call.acd.AcdProperties acdProperties) {
        RemoteAgentCommands remote = new RemoteAgentCommands(
                org.springframework.web.reactive.function.client.WebClient.create(),
                acd,
                json,
                security.internalTokenValue(),
                java.util.Objects.requireNonNull(acdProperties.forwardTimeout()));
        return new CallCommandRouting(owners, remote, json);
    }

    @Bean
    AgentPushes agentPushes(
            org.springframework.data.redis.core.ReactiveStringRedisTemplate redis,
            org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer listener,
            JsonMapper json,
            AcdManagement acd,
            io.micrometer.core.instrument.MeterRegistry meters) {
        return new AgentPushes(redis, listener, json, acd.instanceId(), meters);
    }

    /** This instance's calls' pushes for agents, published for sockets on other instances (once per instance). */
    @Bean(destroyMethod = "dispose")
    reactor.core.Disposable agentPushRelay(AgentSocket socket) {
        return socket.relayCallNotices();
    }

    /**
     * A plain {@link WebHandler} that runs the handshake itself and hands the gate's caller to the socket (the
     * handshake service's session attributes come from the HTTP session, which a stateless service has not got).
     */
    @Bean
    HandlerMapping agentSocketMapping(AgentSocket socket) {
        HandshakeWebSocketService handshake = new HandshakeWebSocketService();
        WebHandler upgrade = exchange -> {
            if (!(exchange.getAttribute(AgentSocketGate.CALLER) instanceof Caller caller)) {
                return Mono.error(SecurityProblems.unauthenticated("The agent socket needs the agent's access token."));
            }
            return handshake.handleRequest(exchange, session -> socket.handle(session, caller));
        };
        return new SimpleUrlHandlerMapping(Map.of("/ws/agent", upgrade), Ordered.HIGHEST_PRECEDENCE);
    }

    /** After Spring Security's filter chain (order -100), so the caller is known. */
    @Bean
    @Order(0)
    AgentSocketGate agentSocketGate() {
        return new AgentSocketGate();
    }
}
