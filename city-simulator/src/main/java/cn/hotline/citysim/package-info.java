/**
 * A stand-in for the city 12345 platform that speaks our exchange contract: it receives the platform's signed
 * deliveries (verifies Standard Webhooks signatures, keeps one effect per idempotency key, fails or stalls a
 * configurable share of requests), and pushes signed tickets, urges and status queries to the platform.
 */
@NullMarked
package cn.hotline.citysim;

import org.jspecify.annotations.NullMarked;
