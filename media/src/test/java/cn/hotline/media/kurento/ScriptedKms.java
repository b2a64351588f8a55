package cn.hotline.media.kurento;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kurento.jsonrpc.DefaultJsonRpcHandler;
import org.kurento.jsonrpc.Transaction;
import org.kurento.jsonrpc.message.Request;

/**
 * Kurento Media Server's side of the JSON-RPC protocol, scripted: it answers {@code create}, {@code invoke},
 * {@code subscribe} and {@code release} the way KMS does and writes down each request as one line, so a test sees the
 * pipeline the adapter builds. Kurento Media Server itself cannot be installed on these machines.
 */
final class ScriptedKms extends DefaultJsonRpcHandler<JsonObject> {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> names = new java.util.concurrent.ConcurrentHashMap<>();
    private int next;

    @Override
    public synchronized void handleRequest(Transaction transaction, Request<JsonObject> request) throws Exception {
        JsonObject params = request.getParams() == null ? new JsonObject() : request.getParams();
        JsonObject result = new JsonObject();
        result.addProperty("sessionId", "session-1");
        switch (request.getMethod()) {
            case "create" -> {
                String type = params.get("type").getAsString();
                String name = type + "#" + (++next);
                String id = name + "_kurento." + type;
                names.put(id, name);
                requests.add("create " + type + describe(params.getAsJsonObject("constructorParams")));
                result.addProperty("value", id);
            }
            case "invoke" -> {
                String operation = params.get("operation").getAsString();
                requests.add(name(params.get("object")) + "." + operation
                        + describe(params.getAsJsonObject("operationParams")));
                switch (operation) {
                    case "processOffer" -> result.addProperty("value", "v=0 answer from " + name(params.get("object")));
                    case "generateOffer" -> result.addProperty("value", "v=0 offer from " + name(params.get("object")));
                    case "processAnswer" ->
                        result.addProperty("value", "v=0 remote description of " + name(params.get("object")));
                    default -> {}
                }
            }
            case "subscribe" -> {
                requests.add("subscribe " + name(params.get("object")) + " "
                        + params.get("type").getAsString());
                result.addProperty("value", "subscription-" + (++next));
            }
            case "release" -> requests.add("release " + name(params.get("object")));
            default -> {}
        }
        transaction.sendResponse(result);
    }

    private String name(JsonElement id) {
        return id == null ? "?" : names.getOrDefault(id.getAsString(), id.getAsString());
    }

    private String describe(JsonObject params) {
        if (params == null || params.isEmpty()) {
            return "()";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : params.entrySet()) {
            JsonElement value = entry.getValue();
            String text = value.isJsonPrimitive() ? value.getAsString() : value.toString();
            if (entry.getKey().equals("offer") || entry.getKey().equals("answer")) {
                text = "<sdp>";
            }
            parts.add(entry.getKey() + "=" + names.getOrDefault(text, text));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** The requests so far, one line each, and forgets them. */
    synchronized List<String> take() {
        List<String> taken = List.copyOf(requests);
        requests.clear();
        return taken;
    }
}
