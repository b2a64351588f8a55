/**
 * Outbound calls' detail records (direction OUTBOUND): transfers of callers to outside numbers or another city's
 * 12345, and callbacks dialled from agents' browsers; one row per attempt with its outcome, readable through the API.
 */
@NullMarked
package cn.hotline.call.outbound;

import org.jspecify.annotations.NullMarked;
