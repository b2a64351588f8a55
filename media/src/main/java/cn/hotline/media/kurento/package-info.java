/**
 * The {@code MediaServer} adapter on Kurento Media Server (kurento-client 7.3.0): one MediaPipeline per call, an
 * RtpEndpoint for the trunk, WebRtcEndpoints for agents and supervisors, PlayerEndpoints for prompts and music,
 * RecorderEndpoints per party, a Composite hub for monitoring. Kurento Media Server cannot be installed on the build
 * machines: the adapter is tested for the pipelines it builds and runs in the Terraform deployment.
 */
@NullMarked
package cn.hotline.media.kurento;

import org.jspecify.annotations.NullMarked;
