package cn.hotline.call.agent;

import cn.hotline.call.acd.AcdManagement;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import tools.jackson.databind.json.JsonMapper;

/** Maps {@code /ws/agent} to the agent socket, guarded by {@link AgentSocketGate}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentSocketProperties.class)
class AgentSocketConfiguration {

    @Bean
    AgentSocket agentSocket(AcdManagement acd, JsonMapper json, AgentSocketProperties properties) {
        return new AgentSocket(acd, json, properties);
    }

    @Bean
    HandlerMapping agentSocketMapping(AgentSocket socket) {
        return new SimpleUrlHandlerMapping(Map.of("/ws/agent", socket), Ordered.HIGHEST_PRECEDENCE);
    }

    /** After Spring Security's filter chain (order -100), so the caller is known. */
    @Bean
    @Order(0)
    AgentSocketGate agentSocketGate() {
        return new AgentSocketGate();
    }

    /** Copies the gate's caller into the WebSocket session's attributes. */
    @Bean
    WebFluxConfigurer agentSocketService() {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                HandshakeWebSocketService service = new HandshakeWebSocketService();
                service.setSessionAttributePredicate(AgentSocketGate.CALLER::equals);
                return service;
            }
        };
    }
}
