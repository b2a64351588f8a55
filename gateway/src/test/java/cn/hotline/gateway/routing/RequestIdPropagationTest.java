package cn.hotline.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.hotline.kernel.id.RequestId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class RequestIdPropagationTest {

    private final RequestIdPropagation propagation = new RequestIdPropagation();

    @Test
    void setsTheSettledIdOnTheProxiedRequest() {
        MockServerWebExchange exchange = exchangeWithId("settled-id-0001");
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("Accept", "application/json");

        HttpHeaders proxied = propagation.filter(incoming, exchange);

        assertThat(proxied.get(RequestId.HEADER)).containsExactly("settled-id-0001");
        assertThat(proxied.getFirst("Accept")).isEqualTo("application/json");
        assertThat(incoming.containsHeader(RequestId.HEADER)).isFalse();
    }

    @Test
    void replacesWhateverTheClientSentWhenTheKernelChoseAnotherId() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add(RequestId.HEADER, "<bad>");
        incoming.add(RequestId.HEADER, "second");

        HttpHeaders proxied = propagation.filter(incoming, exchangeWithId("settled-id-0002"));

        assertThat(proxied.get(RequestId.HEADER)).containsExactly("settled-id-0002");
    }

    @Test
    void keepsTheHeadersAsTheyAreWhenTheyAlreadyCarryTheId() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add(RequestId.HEADER, "settled-id-0003");

        assertThat(propagation.filter(incoming, exchangeWithId("settled-id-0003")))
                .isSameAs(incoming);
    }

    @Test
    void failsWhenTheKernelsFilterDidNotRun() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));

        assertThatIllegalStateException()
                .isThrownBy(() -> propagation.filter(new HttpHeaders(), exchange))
                .withMessageContaining("RequestIdFilter");
    }

    private static MockServerWebExchange exchangeWithId(String id) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        exchange.getAttributes().put(RequestIdPropagation.REQUEST_ID_ATTRIBUTE, new RequestId(id));
        return exchange;
    }
}
