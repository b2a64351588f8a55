/**
 * Starts the real servers the platform needs (PostgreSQL, Redis, Pulsar, S3, Janus) on loopback ports, describes them in
 * an env file ({@link cn.hotline.devstack.StackEndpoints}) and launches the whole platform ({@link
 * cn.hotline.devstack.DevStack}).
 */
@NullMarked
package cn.hotline.devstack;

import org.jspecify.annotations.NullMarked;
