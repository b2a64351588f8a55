/**
 * Notices for urges (催办), supervision (督办) and SLA warnings (黄灯 / 红灯): a record for the responsible unit or the
 * centre, written with the ledger entry, published on the tenant's notices topic for the console and the SMS module,
 * listed with read marks. Facade {@link cn.hotline.ticket.notice.Notices}.
 */
@NullMarked
package cn.hotline.ticket.notice;

import org.jspecify.annotations.NullMarked;
