package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Mono;

/**
 * The speech-recognition port: turns a call's stereo recording into a transcript. Each tenant configures its own
 * self-hosted or cloud ASR ({@link HttpSpeechRecognizer}); empty when the tenant has none.
 */
public interface SpeechRecognizer {

    Mono<Transcript> transcribe(TenantId tenant, CallId call, byte[] stereoWav);
}
