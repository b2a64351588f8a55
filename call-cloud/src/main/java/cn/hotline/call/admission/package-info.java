/**
 * Inbound call admission: the called number selects the tenant, the tenant's and the platform's blacklists are
 * checked, and the tenant's concurrent-call quota is taken per call with expiring Redis entries. {@link
 * cn.hotline.call.admission.Admission} is the API; blacklists have their own HTTP API.
 */
@NullMarked
package cn.hotline.call.admission;

import org.jspecify.annotations.NullMarked;
