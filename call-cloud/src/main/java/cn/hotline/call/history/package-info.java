/**
 * What happened to calls, derived from the ACD's decision history ({@code acd_decision}): call detail records
 * ({@code call_record}) and the tenant's call-event topic in Pulsar. Both follow the tenant's writer
 * ({@link cn.hotline.call.acd.AcdFollower}), so exactly one instance does the work per tenant, and both are idempotent
 * (replaying decisions changes nothing), so a new writer can take over at any point.
 */
@NullMarked
package cn.hotline.call.history;

import org.jspecify.annotations.NullMarked;
