package cn.hotline.call.ivr;

import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Mono;

/** Where a tenant's working calendar comes from (tenant-service in production). */
public interface TenantCalendars {

    Mono<TenantCalendar> of(TenantId tenant);
}
