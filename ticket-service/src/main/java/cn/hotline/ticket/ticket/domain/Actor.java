package cn.hotline.ticket.ticket.domain;

import org.jspecify.annotations.Nullable;

/**
 * Who issues a command: a centre user (clerk, agent, supervisor), a handling unit's user (then {@code unit} is set),
 * the system (timer scans), or the city platform.
 *
 * @param id {@code user:<sub>}, {@code system:<component>} or {@code city:<client>}
 */
public record Actor(String id, Kind kind, @Nullable UnitCode unit) {

    public enum Kind {
        CENTRE,
        UNIT,
        SYSTEM,
        CITY
    }

    public Actor {
        id = Texts.required("actor id", id, 128);
        if (kind == null) {
            throw new IllegalArgumentException("actor kind is required");
        }
        if ((kind == Kind.UNIT) != (unit != null)) {
            throw new IllegalArgumentException("a unit actor, and only a unit actor, names its unit");
        }
    }

    public static Actor centre(String id) {
        return new Actor(id, Kind.CENTRE, null);
    }

    public static Actor unit(String id, UnitCode unit) {
        return new Actor(id, Kind.UNIT, unit);
    }

    public static Actor system(String component) {
        return new Actor("system:" + component, Kind.SYSTEM, null);
    }

    public static Actor city(String client) {
        return new Actor("city:" + client, Kind.CITY, null);
    }
}
