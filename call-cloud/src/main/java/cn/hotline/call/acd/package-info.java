/**
 * Automatic call distribution for call-cloud: {@link cn.hotline.call.acd.AcdManagement} is the API the rest of
 * call-cloud calls; behind it one writer per tenant holds a Redis lease with a fencing token, drives the in-memory
 * {@link cn.hotline.call.acd.domain.Acd} and persists every decision to PostgreSQL under that token.
 */
@NullMarked
package cn.hotline.call.acd;

import org.jspecify.annotations.NullMarked;
