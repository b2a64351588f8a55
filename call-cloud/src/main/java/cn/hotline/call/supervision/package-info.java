/**
 * Supervisors' live view of their tenant (seat monitor, queues, wallboard): the real-time socket {@code
 * /ws/supervisor}, fed by the tenant's ACD wherever its writer runs.
 */
@NullMarked
package cn.hotline.call.supervision;

import org.jspecify.annotations.NullMarked;
