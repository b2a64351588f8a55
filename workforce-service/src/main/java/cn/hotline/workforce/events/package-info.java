/**
 * Shared by the workforce features: consuming each tenant's Pulsar topics (call-cloud's call events, ticket-service's
 * ticket events) and handing the parsed events to the features' sinks.
 */
@NullMarked
package cn.hotline.workforce.events;

import org.jspecify.annotations.NullMarked;
