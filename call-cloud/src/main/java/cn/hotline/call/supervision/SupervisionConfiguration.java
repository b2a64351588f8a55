package cn.hotline.call.supervision;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.agent.AgentSocketGate;
import cn.hotline.call.messaging.MessageFrames;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.SecurityProblems;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Maps {@code /ws/supervisor}; {@link AgentSocketGate} has checked the token and the role. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SupervisionProperties.class)
class SupervisionConfiguration {

    @Bean
    HandlerMapping supervisorSocketMapping(
            AcdManagement acd,
            JsonMapper json,
            SupervisionProperties properties,
            MessageFrames messages,
            cn.hotline.call.session.AgentRejoin rejoin) {
        SupervisorSocket socket =
                new SupervisorSocket(acd, json, Objects.requireNonNull(properties.refresh()), messages, rejoin);
        HandshakeWebSocketService handshake = new HandshakeWebSocketService();
        WebHandler upgrade = exchange -> {
            if (!(exchange.getAttribute(AgentSocketGate.CALLER) instanceof Caller caller)) {
                return Mono.error(SecurityProblems.unauthenticated("The supervisor socket needs an access token."));
            }
            return handshake.handleRequest(exchange, session -> socket.handle(session, caller));
        };
        return new SimpleUrlHandlerMapping(
                Map.of(AgentSocketGate.SUPERVISOR_PATH, upgrade), Ordered.HIGHEST_PRECEDENCE);
    }
}
