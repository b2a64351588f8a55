package cn.hotline.ticket.city;

import cn.hotline.devstack.test.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads from Pulsar's admin API of the test stack. */
final class TestStackAdmin {

    private TestStackAdmin() {}

    static URI topicStats(String tenant, String namespaceAndTopic) {
        return TestStack.endpoints()
                .pulsarAdminUrl()
                .resolve("/admin/v2/persistent/" + tenant + "/" + namespaceAndTopic + "/stats");
    }

    static String get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
