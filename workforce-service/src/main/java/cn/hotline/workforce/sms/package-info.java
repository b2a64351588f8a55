/**
 * SMS (R-SMS-1): a gateway port with an SMPP adapter (operators' gateways) and a signed-HTTP adapter (cloud
 * providers), templates with variables, batches imported from Excel, mass sending under a Redis token bucket and a
 * monthly quota, delivery receipts, queries, and the reply-result SMS when a ticket closes.
 */
@NullMarked
package cn.hotline.workforce.sms;

import org.jspecify.annotations.NullMarked;
