package cn.hotline.ticket.city;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * How a tenant's city platform takes our changes.
 *
 * @param mode {@code PUSH}: we post each change to {@code url}; {@code PULL}: the city polls {@code
 *     /hooks/city/{tenant}/changes}
 * @param url the city's receiving URL (push only; http or https)
 * @param mapping the field mapping between our messages and the city's
 */
public record CityEndpoint(Mode mode, @Nullable URI url, FieldMapping mapping) {

    public enum Mode {
        PUSH,
        PULL
    }

    public CityEndpoint {
        if (mode == null) {
            throw new CityFields.InvalidField("mode", "must be PUSH or PULL");
        }
        if (mode == Mode.PUSH) {
            if (url == null
                    || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new CityFields.InvalidField("url", "must be an absolute http(s) URL when mode is PUSH");
            }
        }
        if (mapping == null) {
            mapping = FieldMapping.IDENTITY;
        }
    }
}
