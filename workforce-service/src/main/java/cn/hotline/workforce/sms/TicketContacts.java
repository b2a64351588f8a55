package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.security.SecurityProperties;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Where a closed ticket's reply SMS goes: ticket events carry no personal data, so the citizen's number is read from
 * ticket-service's internal API, {@code GET /internal/tenants/{t}/tickets/{id}/reply-contact} with the platform's
 * {@code X-Internal-Token}, answering {@code {"phone": "…", "smsConsent": true|false}} or 404 (a ticket the tenant does
 * not have, or no mobile number). Empty when the ticket has no number an SMS reaches or the citizen did not agree.
 */
@Component
final class TicketContacts {

    private final WebClient http;

    TicketContacts(SmsProperties properties, SecurityProperties security) {
        this.http = WebClient.builder()
                .baseUrl(properties.replies().ticketServiceUrl())
                .defaultHeader(InternalToken.HEADER, security.internalTokenValue())
                .build();
    }

    Mono<Optional<String>> replyNumber(TenantId tenant, String ticket) {
        return http.get()
                .uri("/internal/tenants/{t}/tickets/{id}/reply-contact", tenant.value(), ticket)
                .exchangeToMono(response -> {
                    if (response.statusCode() == HttpStatus.NOT_FOUND) {
                        return Mono.just(Optional.<String>empty());
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.createError();
                    }
                    return response.bodyToMono(JsonNode.class).map(body -> {
                        JsonNode phone = body.get("phone");
                        JsonNode consent = body.get("smsConsent");
                        boolean agreed = consent == null || consent.asBoolean(true);
                        return phone == null || phone.asString().isBlank() || !agreed
                                ? Optional.<String>empty()
                                : Optional.of(phone.asString());
                    });
                })
                .timeout(Duration.ofSeconds(5));
    }
}
