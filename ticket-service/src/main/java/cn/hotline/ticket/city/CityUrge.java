package cn.hotline.ticket.city;

/** The city platform urges (催办) one of the tickets it transferred. */
public record CityUrge(String cityTicketNo, String reason) {
    public CityUrge {
        CityFields.requireText("cityTicketNo", cityTicketNo, 64);
        CityFields.requireText("reason", reason, 2_000);
    }
}
