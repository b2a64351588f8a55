package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.attachment.Attachment;
import cn.hotline.ticket.attachment.AttachmentPolicy;
import cn.hotline.ticket.attachment.TicketAttachments;
import cn.hotline.ticket.attachment.Upload;
import cn.hotline.ticket.category.Categories;
import cn.hotline.ticket.ticket.NewTicket;
import cn.hotline.ticket.ticket.TicketIntake;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The city's pushes as tickets of the aggregate (package {@code ticket}): a transfer opens a ticket with channel
 * {@code CITY_PLATFORM} and the city's number as its external reference (idempotent on it), an urge is the aggregate's
 * urge (催办) by the city, a status query reads the ticket. Runs inside the webhook receipt's transaction (the
 * aggregate's transactions join it).
 *
 * <p>Mapping, until per-tenant mapping covers it: a category the tenant does not have becomes {@code other}; the
 * kind is a consultation (the city's push does not say); a push without the caller's number records {@value
 * #UNKNOWN_PHONE}.
 */
@Component
final class AggregateCityTickets implements CityTicketIntake {

    static final String UNKNOWN_PHONE = "000";
    private static final String CLIENT = "city-platform";
    private static final String FALLBACK_CATEGORY = "other";

    private final TicketIntake intake;
    private final TicketManagement tickets;
    private final Categories categories;
    private final TicketAttachments attachments;

    AggregateCityTickets(
            TicketIntake intake, TicketManagement tickets, Categories categories, TicketAttachments attachments) {
        this.intake = intake;
        this.tickets = tickets;
        this.categories = categories;
        this.attachments = attachments;
    }

    @Override
    public Mono<Intake> accept(TenantId tenant, CityTicket city) {
        String wanted = city.category() == null ? FALLBACK_CATEGORY : city.category();
        TenantContext context = TenantContext.of(tenant);
        List<Upload> files = uploads(city);
        // every file is checked against the tenant's limits before anything is opened or stored
        return attachments
                .policy(context)
                .doOnNext(policy -> check(policy, files))
                .then(categories
                        .requireActive(wanted)
                        .map(found -> wanted)
                        .onErrorReturn(FALLBACK_CATEGORY)
                        .defaultIfEmpty(FALLBACK_CATEGORY))
                .flatMap(category -> intake.create(tenant, ticket(city, category), CLIENT))
                .flatMap(created -> !created.created()
                        ? Mono.just((Intake)
                                new Intake.AlreadyKnown(created.ticket().id().value()))
                        : Flux.fromIterable(files)
                                .concatMap(file -> attachments.attach(
                                        context,
                                        created.ticket().id().value(),
                                        Actor.city(CLIENT),
                                        file,
                                        "市级平台转办附件",
                                        Attachment.Source.CITY))
                                .then(Mono.just(new Intake.Accepted(
                                        created.ticket().id().value()))));
    }

    @Override
    public Mono<Urge> urge(TenantId tenant, CityUrge urge) {
        return intake.findByExternalRef(tenant, urge.cityTicketNo())
                .flatMap(ticket -> tickets.handle(
                        TenantContext.of(tenant),
                        ticket.id().value(),
                        new TicketCommand.Urge(urge.reason()),
                        Actor.city(CLIENT),
                        null,
                        null))
                .map(ticket -> (Urge) new Urge.Urged(ticket.id().value(), ticket.urgeCount()))
                .defaultIfEmpty(new Urge.UnknownTicket(urge.cityTicketNo()));
    }

    @Override
    public Mono<Status> status(TenantId tenant, String cityTicketNo) {
        return intake.findByExternalRef(tenant, cityTicketNo)
                .map(ticket -> (Status) new Status.Known(
                        ticket.id().value(), ticket.status().name(), ticket.urgeCount(), updated(ticket)))
                .defaultIfEmpty(new Status.UnknownTicket(cityTicketNo));
    }

    private static List<Upload> uploads(CityTicket city) {
        List<Upload> files = new ArrayList<>();
        for (int i = 0; i < city.attachments().size(); i++) {
            CityAttachment file = city.attachments().get(i);
            try {
                files.add(new Upload(file.name(), file.contentType(), file.content()));
            } catch (ProblemException e) {
                throw renamed(e, i);
            }
        }
        return files;
    }

    private static void check(AttachmentPolicy policy, List<Upload> files) {
        for (int i = 0; i < files.size(); i++) {
            try {
                policy.check(files.get(i));
            } catch (ProblemException e) {
                throw renamed(e, i);
            }
        }
    }

    /** The attachment's problem, naming the push's field ({@code attachments[i]}) instead of an upload's part. */
    private static ProblemException renamed(ProblemException e, int index) {
        Map<String, Object> properties = new LinkedHashMap<>(e.properties());
        properties.put("field", "attachments[" + index + "]");
        return new ProblemException(e.code(), "attachments[" + index + "]: " + e.getMessage(), properties);
    }

    private static NewTicket ticket(CityTicket city, String category) {
        String phone = city.callerPhone() == null ? "" : city.callerPhone().replaceAll("\\D", "");
        return new NewTicket(
                Channel.CITY_PLATFORM,
                RequestKind.CONSULTATION,
                category,
                city.urgency() == CityTicket.Urgency.URGENT ? Urgency.URGENT : Urgency.NORMAL,
                city.confidential(),
                new Citizen(city.callerName(), phone.length() < 3 || phone.length() > 20 ? UNKNOWN_PHONE : phone, null),
                city.title() + "\n" + city.content(),
                city.address(),
                null,
                List.of(),
                city.cityTicketNo());
    }

    /** The newest moment the ticket's projection knows of. */
    private static Instant updated(Ticket ticket) {
        return Stream.of(
                        ticket.openedAt(),
                        ticket.dispatchedAt(),
                        ticket.signedAt(),
                        ticket.answeredAt(),
                        ticket.closedAt())
                .filter(java.util.Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(ticket.openedAt());
    }
}
